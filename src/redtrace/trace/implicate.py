"""Buyers implicated by other recovered items.

CAR pulls a network's thread from many items: when several items recovered in the same war trace
back to one buyer, that buyer is a known leak, and an item whose markings fit several sales (a lot
sold to ten customers, a truncated serial) most likely left through the same hands.

Tracing therefore runs twice: the first pass finds the items whose markings trace them
confidently; the second weighs each candidate sale by how strongly its buyer or consignee is
implicated by those confident traces of *other* items. Only confident traces count: summing the
confidences of ambiguous candidates (a soft, mixture-model update) was tried and ranked worse, as
regular legitimate customers of a model collect small shares from every ambiguous item.

Parties are compared as resolved entities when the engine has a `clusters` table (issue 5), so a
buyer that also orders under another party id is still the same leak.
"""

from __future__ import annotations

from collections import defaultdict

# Only an item's confident top trace implicates the parties of its sale.
IMPLICATING_CONFIDENCE = 0.5
# Weight of a sale whose buyer and consignee no other item implicates, against one implicated by
# at least one item's worth of confidence (relative: it reorders candidates, see match.py).
NOT_IMPLICATED = 0.25
# Shown as evidence (matched_on 'buyer_implicated') from this much implication on.
SHOWN = 0.5


class Implicated:
    """How strongly each entity is implicated, as seen from one item (its own evidence excluded)."""

    def __init__(self, totals: dict[str, float], own: dict[str, float] | None = None):
        self.totals = totals
        self.own = own or {}

    def score(self, key: str) -> float:
        return self.totals.get(key, 0.0) - self.own.get(key, 0.0)

    def fit(self, keys: tuple[str, ...]) -> tuple[float, float]:
        """(factor in [NOT_IMPLICATED, 1], strongest score) for a sale's buyer/consignee keys."""
        s = max((self.score(k) for k in keys if k), default=0.0)
        return NOT_IMPLICATED + (1 - NOT_IMPLICATED) * min(1.0, max(s, 0.0)), s


def contributions(keys: tuple[str, ...], confidence: float) -> dict[str, float]:
    """What one item's top trace (the parties of its sale, its confidence) adds to them."""
    if confidence < IMPLICATING_CONFIDENCE:
        return {}
    return {k: confidence for k in dict.fromkeys(keys) if k}


def totals(per_item: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for c in per_item:
        for k, v in c.items():
            out[k] += v
    return dict(out)
