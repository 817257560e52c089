"""Serials already accounted for: each unit is found once.

A truncated serial ('KT-0004411?') stands for the serials of a window; a line holding some of
them is as likely an origin as the number of those serials it holds. When another item's serial
was read as one serial of that window (and traced confidently), that unit is found: it cannot be
this item too. A line whose serials in the window are all found elsewhere — a sale of one drone
whose serial plate turned up on another item — drops out, which is what an investigator ticking
serials off a sales ledger does.

Only serials read as one serial count (a truncated reading finds no unit), weighed by the
confidence of their trace, and a line never falls below EXHAUSTED of its weight: the other
reading may itself be a misread.
"""

from __future__ import annotations

from collections import defaultdict

# The weight left to a line whose every serial in the window is accounted for.
EXHAUSTED = 0.05


def fits(pattern: str, serial: str) -> bool:
    """Whether a serial as shipped ('KT-00044114') is one of a partial reading's ('KT-0004411?')."""
    return len(pattern) == len(serial) and all(p in ("?", s) for p, s in zip(pattern, serial))


class Found:
    """Serials read whole on items traced with confidence, per line."""

    def __init__(self) -> None:
        self.by_line: dict[int, dict[str, float]] = defaultdict(dict)

    def add(self, line: int, serial: str, confidence: float) -> None:
        if serial and "?" not in serial:
            self.by_line[line][serial] = max(confidence, self.by_line[line].get(serial, 0.0))

    def taken(self, line: int, pattern: str) -> float:
        """Units of `line` the partial reading `pattern` stands for that other items account for."""
        return sum(c for serial, c in self.by_line.get(line, {}).items() if fits(pattern, serial))

    def left(self, line: int, pattern: str, consistent: int) -> float:
        """Share of the line's `consistent` serials in the reading's window not found elsewhere."""
        return max(1.0 - self.taken(line, pattern) / consistent, EXHAUSTED) if consistent > 0 else 1.0
