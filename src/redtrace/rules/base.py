"""What a red-flag indicator is, and the shape of the flags it raises.

An indicator is declared once: its id, what it targets (an order or a party), a severity, the
public indicators it implements (ids in reference/data/indicators.csv), and either SQL over the
canonical tables or a Python function over the engine. Both yield rows

    target_id, strength, evidence

`strength` in (0, 1] says how strongly this case shows the signal (1 = textbook); `evidence` is a
sentence with the numbers a compliance officer needs to act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from redtrace.engine import Engine

SEVERITIES = ("low", "medium", "high")
TARGETS = ("order", "party")

# Tables entity resolution makes (`redtrace.resolve`); a screen resolves entities while the
# indicators that do not read them run.
RESOLVED = ("clusters", "party_keys")

# The columns of the flags table every stage downstream reads.
FLAG_COLUMNS = ("rule_id", "target_kind", "target_id", "severity", "strength", "evidence")


def per_value(column: pd.Series, say: Callable[[object], str]) -> pd.Series:
    """`say` of every cell of `column`, called once per distinct value: evidence columns repeat a
    few codes and counts over tens of thousands of flagged rows."""
    codes, values = pd.factorize(column, use_na_sentinel=False)
    return pd.Series(np.array([say(v) for v in values], dtype=object)[codes], index=column.index, dtype=object)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    target: str
    severity: str
    indicators: tuple[str, ...]
    rationale: str
    sql: str | None = None
    compute: Callable[["Engine"], pd.DataFrame] | None = None
    # Tables the rule reads beyond the canonical ones; it is skipped (and says so) without them.
    needs: tuple[str, ...] = ()
    # Tables the rule reads when they exist but can do without; a screen that is still making one
    # runs the rule once it is made.
    reads: tuple[str, ...] = ()
    # True when strength is the chance that the flagged fact holds at all (is this party the listed
    # one?) rather than how strongly a sure fact shows the signal; scoring then never lets a weak
    # flag weigh like a strong one, however rare the rule.
    strength_is_confidence: bool = False
    # True when strength is the rule's own grade of how odd a sure fact is (the rarity of a set of
    # goods among buyers of the same trade): a flag the rule itself rates nearer ordinary than odd
    # (below scoring.DEGREE_FULL) keeps only that share of its weight, however rare the rule is.
    strength_is_degree: bool = False
    # True when the flag says how the party is linked to others (a shared director or address, a
    # listed party nearby) rather than what it did; its directors and owners do not inherit it, as
    # they are often the link itself (see scoring._party_scores).
    about_links: bool = False

    def __post_init__(self):
        if self.target not in TARGETS:
            raise ValueError(f"rule {self.id}: target must be one of {TARGETS}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity must be one of {SEVERITIES}")
        if (self.sql is None) == (self.compute is None):
            raise ValueError(f"rule {self.id}: give exactly one of sql or compute")
        if not self.indicators:
            raise ValueError(f"rule {self.id}: cite at least one public indicator")
