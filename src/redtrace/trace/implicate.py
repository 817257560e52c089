"""Buyers implicated by other recovered items.

CAR pulls a network's thread from many items: when several items recovered in the same war trace
back to one buyer, that buyer is a known leak, and an item whose markings fit several sales (a lot
sold to ten customers, a truncated serial) most likely left through the same hands.

Tracing therefore runs twice. The first pass ranks every item on its markings and context; each
party then gets the expected number of recovered items that came through it: the sum, over all
items, of the confidences of the candidate sales it bought or received. The second pass weighs
each candidate by how strongly its buyer or consignee is implicated by the *other* items.

A sale sharing a lot with the leak's sales gains nothing from the items of that lot (every
candidate of the lot gets the same share); what lifts a buyer is having been a candidate for
items of *other* lots and serial ranges too — which is what a network that keeps buying does, and
what a legitimate customer who once shared a lot with it does not. Evidence is read per unit
bought: candidates are weighed by the units they shipped (match.py), so a big customer collects
evidence on every lot it shares in proportion to what it buys. A sale weighs

    (s x place ratio + PRIOR) / (expected + PRIOR)

where s is the evidence of the other items against its buyer (or consignee), `expected` what an
average buyer of the same volume would collect (all evidence x the entity's share of the units
bought), and the place ratio how much likelier the item's recovery place is among the entity's
other items than among all items (its few items smoothed towards the overall share, ALPHA items'
worth): a network feeds a front, so where items are found tells two networks apart when they
bought the same lot, and it is nothing a network's own records could fake.

Tried and measured on synthetic worlds (docs/tracing.md): counting only confident traces ranked
chemical lots worse (their buyers are never traced confidently), and saturating the factor at
one item's worth of evidence let regular customers catch up with the leak; a third pass gained
nothing over two.

Parties are compared as resolved entities when the engine has a `clusters` table (issue 5), so a
buyer that also orders under another party id is still the same leak.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

# Candidates below this confidence are noise, not evidence against a party.
EVIDENCE_FLOOR = 0.02
# Items' worth of evidence an entity's rate is smoothed with towards the average rate: one or
# two items say little about a buyer. Only ratios between candidates matter (match.py).
PRIOR = 1.0
# Shown as evidence (matched_on 'buyer_implicated') from this much implication on.
SHOWN = 0.5
# Items' worth of the overall place shares a buyer's own places are smoothed with.
ALPHA = 2.0
# Shown as evidence (matched_on 'buyer_recovery_place') when the place is this much likelier.
PLACE_SHOWN = 1.5
# Keys of the per-place evidence: entity + _AT + place, and _AT + place for all items; _ALL for
# the evidence of all items.
_AT = "\x1f@"
_ALL = "\x1f*"


class Implicated:
    """How strongly each entity is implicated, as seen from one item (its own evidence excluded)."""

    def __init__(self, totals: dict[str, float], own: dict[str, float] | None = None,
                 exposure: dict[str, float] | None = None, bought: float | None = None):
        """`exposure`: entity -> how much it bought of what items can be traced to (see
        Catalogue.exposure); without it every entity counts as one average buyer. `bought`: the
        sum of `exposure`, when the caller has it (one view per item would sum it again)."""
        self.totals = totals
        self.own = own or {}
        self.exposure = exposure or {}
        bought = sum(self.exposure.values()) if bought is None else bought
        self.rate = self.score(_ALL) / bought if bought > 0 else 0.0

    def score(self, key: str) -> float:
        return max(0.0, self.totals.get(key, 0.0) - self.own.get(key, 0.0))

    def place_ratio(self, key: str, place: str) -> float:
        """How much likelier `place` is among the items implicating `key` than among all items."""
        overall, everywhere = self.score(_AT + place), self.score(_AT)
        if not place or overall <= 0 or everywhere <= 0:
            return 1.0
        share = overall / everywhere
        return (self.score(key + _AT + place) + ALPHA * share) / ((self.score(key) + ALPHA) * share)

    def expected(self, key: str) -> float:
        """Items an entity would be the origin of if it diverted at the average rate per unit bought."""
        return self.rate * self.exposure[key] if key in self.exposure else 0.0

    def fit(self, keys: tuple[str, ...], place: str = "") -> tuple[float, float, float]:
        """(context factor, score, place ratio) of the strongest of a sale's buyer/consignee keys.

        The factor is the entity's rate of recovered items per unit bought against the average
        (smoothed by PRIOR items), times the place ratio: a big customer that shares lots with
        everyone collects evidence in proportion to what it buys and stays near 1; a buyer whose
        goods keep turning up rises far above; a big one none turn up from falls below."""
        best = (0.0, 0.0, 1.0)
        for k in keys:
            if k:
                s = self.score(k)
                ratio = self.place_ratio(k, place) if s > 0 else 1.0
                lift = (s * ratio + PRIOR) / (self.expected(k) + PRIOR)
                if best[0] == 0.0 or lift > best[0]:
                    best = (lift, s, ratio)
        return best[0] or 1.0, best[1], best[2]


def place_key(country, place) -> str:
    """Where an item was found, as compared between items: country and place name, folded."""
    text = " ".join(str(v).strip().casefold() for v in (country, place) if v is not None and v == v and str(v).strip())
    return " ".join(text.replace("-", " ").split())


def contributions(candidates: Iterable[tuple[tuple[str, ...], float]], place: str = "") -> dict[str, float]:
    """What one item's candidates, as (party keys, confidence) pairs, say about those parties,
    and, with the item's recovery `place`, about where each party's goods turn up."""
    out: dict[str, float] = defaultdict(float)
    for keys, confidence in candidates:
        if confidence >= EVIDENCE_FLOOR:
            for k in dict.fromkeys(keys):
                out[k] += confidence
                if place:
                    out[k + _AT + place] += confidence
            out[_ALL] += confidence
            if place:
                out[_AT + place] += confidence
                out[_AT] += confidence
    return dict(out)


def totals(per_item: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for c in per_item:
        for k, v in c.items():
            out[k] += v
    return dict(out)
