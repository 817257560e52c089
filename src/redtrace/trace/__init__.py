"""Recovered item -> the sale it left the legal chain at (issue 6).

`trace_items(engine)` ranks, for every item in the engine's `items` table, the order lines its
markings fit (serial range, lot, manufacturer, model, as misread in the field) with a confidence,
and reads the chain of custody of the best one. `trace_section_html` renders the report section;
`evaluate_traces` scores traces against a truth file.
"""

from redtrace.trace.chain import CHAINS_COLUMNS, build_chains
from redtrace.trace.evaluate import evaluate_traces, targets_met
from redtrace.trace.html import trace_section_html
from redtrace.trace.match import Catalogue
from redtrace.trace.run import TraceResult, load_lines, trace_items

__all__ = [
    "CHAINS_COLUMNS", "Catalogue", "TraceResult", "build_chains", "evaluate_traces", "load_lines",
    "targets_met", "trace_items", "trace_section_html",
]
