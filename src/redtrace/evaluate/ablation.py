"""What a group of indicators adds: the dataset screened again without them, evaluated alike.

`redtrace evaluate OUTDIR --labels L --without net. --dataset D [--watchlist W]` prints both runs
side by side; the issue that asked for network indicators wants them shown to raise party AP and
per-typology recall over the rest, on the evaluator's own figures.
"""

from __future__ import annotations

from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

import redtrace.rules as rules
from redtrace.evaluate import Evaluation, evaluate


def rule_modules_matching(prefix: str) -> tuple[str, ...]:
    """Registered rule modules whose rule id starts with `prefix` ('net.' = the network indicators)."""
    return tuple(m for m in rules.RULE_MODULES if import_module(f"redtrace.rules.{m}").RULE.id.startswith(prefix))


@contextmanager
def rules_dropped(modules: tuple[str, ...]):
    """`redtrace.rules.RULE_MODULES` without `modules` while the block runs (the screen pipeline runs
    what that tuple lists)."""
    registered = rules.RULE_MODULES
    rules.RULE_MODULES = tuple(m for m in registered if m not in set(modules))
    try:
        yield
    finally:
        rules.RULE_MODULES = registered


def evaluate_without(modules: tuple[str, ...], dataset: Path, out: Path, labels: Path,
                     watchlists: list[Path] = (), budget: float = 0.02) -> Evaluation:
    """Screen `dataset` into `out` without `modules` and evaluate that run against `labels`."""
    from redtrace.pipeline import screen

    with rules_dropped(modules):
        screen(Path(dataset), Path(out), watchlists=[Path(w) for w in watchlists])
    return evaluate(out, labels, budget)
