"""The files `redtrace screen` writes, exactly as the contract lists them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from redtrace.engine import Engine
from redtrace.io.dataset import ReadResult
from redtrace.model.contract import ORDERS_SCORED_COLUMNS, PARTIES_SCORED_COLUMNS, REJECTED_COLUMNS
from redtrace.reference import indicator
from redtrace.rules.base import Rule
from redtrace.store.flags import write_flags


def rule_catalogue(rules: list[Rule]) -> pd.DataFrame:
    """One row per rule with what it cites, for joining onto flags."""
    rows = []
    for rule in rules:
        cited = [indicator(i) for i in rule.indicators]
        rows.append(
            {
                "rule_id": rule.id,
                "title": rule.title,
                "rationale": rule.rationale,
                "indicators": ";".join(rule.indicators),
                "indicator_meanings": " | ".join(f"{c['id']}: {c['meaning']}" for c in cited),
                "sources": " | ".join(sorted({c["source"] for c in cited})),
            }
        )
    return pd.DataFrame(rows, columns=["rule_id", "title", "rationale", "indicators", "indicator_meanings", "sources"]).astype("string")


def write_outputs(engine: Engine, read: ReadResult, out: Path, rules: list[Rule], sections: list[str] = ()) -> None:
    """Every output file, the sections built already (benchmarks time this stage alone)."""
    with writing_outputs(engine, read, out, rules) as finish:
        finish(sections)


class OutputError(RuntimeError):
    """An output file could not be written."""


@contextmanager
def writing_outputs(engine: Engine, read: ReadResult, out: Path, rules: list[Rule]) -> Iterator[Callable[[list[str]], None]]:
    """Write the files that need only the scores (orders_scored.csv, parties_scored.csv,
    flags.jsonl, rejected.csv) and read what the report shows of them on another thread while the
    caller builds the report's sections; yields `finish(sections)`, which waits for them and
    writes report.html.

    The report's sections (the trace) are mostly Python holding the GIL, these files mostly
    engine work that does not, so the two overlap. The files are written over the engine's own
    cursor; the caller must not drop the scored tables meanwhile. Leaving the block waits for
    the writer either way; a file it could not write raises OutputError."""
    catalogue = rule_catalogue(rules)
    engine.register("rule_catalogue", catalogue)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="redtrace-outputs") as pool:
        files = pool.submit(_write_scored, engine.cursor(), read, out, catalogue)

        def finish(sections: list[str]) -> None:
            from redtrace.report import render_report

            render_report(files.result(), out / "report.html", sections)

        yield finish  # a failure in the caller's block propagates once the writer is done
    files.result()


def _write_scored(engine: Engine, read: ReadResult, out: Path, catalogue: pd.DataFrame) -> dict:
    """The scored files; returns the report's facts (`report.report_facts`)."""
    from redtrace.report import report_facts

    path = out / "orders_scored.csv"
    try:
        engine.write_csv(
            f"SELECT {', '.join(ORDERS_SCORED_COLUMNS)} FROM (SELECT order_id, round(score, 6) AS score, decision, flags "
            "FROM order_scores) s ORDER BY score DESC, order_id",
            path,
        )
        matches = (
            "(SELECT party_id, " + engine.dialect.string_agg("list_name || ':' || entry_id", ";") + " AS watchlist_matches "
            "FROM watchlist_hits GROUP BY party_id)"
            if engine.has("watchlist_hits")
            else "(SELECT CAST(NULL AS STRING) AS party_id, CAST(NULL AS STRING) AS watchlist_matches WHERE 1 = 0)"
        )
        path = out / "parties_scored.csv"
        engine.write_csv(
            f"SELECT {', '.join(PARTIES_SCORED_COLUMNS)} FROM (SELECT s.party_id, round(s.score, 6) AS score, s.flags, "
            f"coalesce(w.watchlist_matches, '') AS watchlist_matches FROM party_scores s LEFT JOIN {matches} w "
            "ON w.party_id = s.party_id) p ORDER BY score DESC, party_id",
            path,
        )
        path = out / "flags.jsonl"
        write_flags(engine, catalogue, path)
        path = out / "rejected.csv"
        read.rejected[list(REJECTED_COLUMNS)].to_csv(path, index=False)
        path = out / "report.html"
        return report_facts(engine, read)
    except Exception as exc:
        raise OutputError(f"could not write {path}: {exc}") from exc
