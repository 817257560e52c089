"""The compliance officer's decisions: an append-only audit trail kept beside a screen's outputs.

`OUTDIR/decisions.jsonl` holds one JSON object per decision, in the order they were made. An
entry is never changed or removed: a new decision on the same order or party is a new line, and
the latest line for a target is its current decision. Each entry keeps the screen's score and
decision at the time, so a reviewer can later see what the officer was looking at even if the
folder is screened again.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

FILE = "decisions.jsonl"
TARGET_KINDS = ("order", "party")
DECISIONS = ("clear", "hold", "review")
# Long enough for a name and a paragraph of reasoning; beyond that it is a pasted document.
MAX_OFFICER = 200
MAX_REASON = 4000


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message says which field and why."""


class UnknownTarget(DecisionError):
    """The order or party is not in the screen's outputs."""


@dataclass(frozen=True)
class Decision:
    target_kind: str
    target_id: str
    decision: str
    officer: str
    reason: str
    decided_at: str  # UTC, ISO 8601 with microseconds and 'Z'
    screen_score: float | None
    screen_decision: str | None  # None for parties: the screen decides orders only


def _text(field: str, value: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DecisionError(f"{field} must not be empty")
    if len(value) > limit:
        raise DecisionError(f"{field} is {len(value)} characters long; at most {limit} are kept")
    return value


class DecisionLog:
    """The decisions of one screen output folder."""

    # One lock per file for every log object in this process; O_APPEND keeps separate processes'
    # single-line writes whole.
    _locks: dict[Path, threading.Lock] = {}

    def __init__(self, outdir: Path):
        self.path = Path(outdir) / FILE
        self._lock = self._locks.setdefault(self.path.resolve(), threading.Lock())

    def record(self, target_kind: str, target_id: str, decision: str, officer: str, reason: str,
               screened: dict | None) -> Decision:
        """Append a decision. `screened` is the target's row of the screen's outputs (its `score`
        and, for orders, `decision`), None when the screen has no such target."""
        if target_kind not in TARGET_KINDS:
            raise DecisionError(f"target_kind must be one of {', '.join(TARGET_KINDS)}, not {target_kind!r}")
        decision = (decision or "").strip().lower()
        if decision not in DECISIONS:
            raise DecisionError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
        if screened is None:
            raise UnknownTarget(f"no {target_kind} {target_id!r} in this screen's outputs")
        entry = Decision(
            target_kind=target_kind,
            target_id=target_id,
            decision=decision,
            officer=_text("officer", officer, MAX_OFFICER),
            reason=_text("reason", reason, MAX_REASON),
            decided_at=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            screen_score=screened.get("score"),
            screen_decision=screened.get("decision"),
        )
        line = (json.dumps(asdict(entry), ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry

    def entries(self, target_kind: str | None = None, target_id: str | None = None,
                officer: str | None = None, decision: str | None = None) -> list[Decision]:
        """Every decision matching the given fields, oldest first."""
        if not self.path.exists():
            return []
        out = []
        with self.path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    entry = Decision(**json.loads(line))
                except (ValueError, TypeError) as exc:
                    # An audit trail that does not read is reported, never skipped silently.
                    raise DecisionError(f"{self.path}: line {number} is not a decision ({exc})") from None
                if ((target_kind is None or entry.target_kind == target_kind)
                        and (target_id is None or entry.target_id == target_id)
                        and (officer is None or entry.officer == officer)
                        and (decision is None or entry.decision == decision)):
                    out.append(entry)
        return out

    def current(self, target_kind: str | None = None) -> dict[tuple[str, str], Decision]:
        """(target_kind, target_id) -> the latest decision on it."""
        return {(e.target_kind, e.target_id): e for e in self.entries(target_kind)}
