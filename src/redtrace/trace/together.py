"""Items found together: what the rest of a find says about each item's sale.

Investigators document a site (a workshop, a cache, a battlefield position) on one day, and what
lies there together is often one shipment: a stack of drums of one lot, a box of detonators of
one serial run. An item whose markings fit several sales (a lot sold several times, a truncated
serial) is then most likely from the sale its companions trace to — and a companion whose serial
was read whole can name that sale outright.

How often a find is one shipment differs between wars and networks, so it is learned from the
data: among pairs of items found together that the first ranking pass traced confidently, the
share traced to the same sale (smoothed by PRIOR_PAIRS pairs that were not, so a few pairs say
little and none says nothing). With that share r, an item's candidate sale L is weighed

    (1 - r) + r x mean over companions s of  c_s(L) x sum_L' c(L') / sum_L' c(L') c_s(L')

c being first-pass confidences: the mixture of "from another shipment" (the item's own ranking)
and "from the companion's shipment" (both items from one sale: the product of their
confidences, normalised to the item's own total). The item's candidates keep their total weight
on average, so a find
reorders an item's candidates and makes it surer only where its companions agree; a companion
that shares no candidate with the item is from another shipment and changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from redtrace.trace.context import _day
from redtrace.trace.implicate import place_key

# Pairs of items found together, traced confidently to different sales, the learned share starts
# from: with fewer confident pairs than this the share stays small.
PRIOR_PAIRS = 5.0
# First-pass confidence from which an item's top candidate is taken as its sale when learning.
CONFIDENT = 0.9
# Shown as evidence (matched_on 'found_with') from this factor on.
SHOWN = 1.5


@dataclass
class Companions:
    """The other items of one item's find, as their first-pass candidates."""

    share: float  # learned share of finds that are one shipment
    others: list[tuple[dict[int, float], float]]  # (line -> confidence, normaliser) per companion

    def factor(self, line: int) -> float:
        if not self.others:
            return 1.0
        mean = sum(c.get(line, 0.0) / z if z > 0 else 1.0 for c, z in self.others) / len(self.others)
        return (1 - self.share) + self.share * mean


def find_key(recovered_on, country, place) -> str | None:
    """Items with the same key were documented together (same day, same place); None when the
    date or the place is unknown."""
    day, where = _day(recovered_on), place_key(country, place)
    return f"{day.isoformat()}|{where}" if day is not None and where else None


def finds(keys: Iterable[str | None]) -> list[list[int]]:
    """Positions of the items of each find of two or more items."""
    groups: dict[str, list[int]] = defaultdict(list)
    for n, key in enumerate(keys):
        if key is not None:
            groups[key].append(n)
    return [g for g in groups.values() if len(g) > 1]


def shipment_share(groups: list[list[int]], seen: list[dict[int, float]]) -> float:
    """Share of pairs of confidently traced items found together that trace to one sale."""
    same = pairs = 0
    for group in groups:
        tops = []
        for n in group:
            if seen[n]:
                line, confidence = max(seen[n].items(), key=lambda kv: kv[1])
                if confidence >= CONFIDENT:
                    tops.append(line)
        for a in range(len(tops)):
            for b in range(a + 1, len(tops)):
                pairs += 1
                same += tops[a] == tops[b]
    return same / (pairs + PRIOR_PAIRS)


def companions(groups: list[list[int]], seen: list[dict[int, float]], share: float) -> dict[int, Companions]:
    """Item position -> its companions, for every item found with others."""
    out = {}
    for group in groups:
        for n in group:
            own = seen[n]
            mass = sum(own.values())
            others = []
            for s in group:
                if s != n:
                    z = sum(c * seen[s].get(line, 0.0) for line, c in own.items()) / mass if mass else 0.0
                    others.append((seen[s], z))
            out[n] = Companions(share, others)
    return out
