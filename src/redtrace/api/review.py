"""The review of one screen: its scored targets joined with the officer's decisions.

Both the JSON API and the HTML pages ask this object, so they always show the same thing.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from redtrace.api.models import DecisionOut, Flag, Queue, QueueItem, Target, Via
from redtrace.api.outputs import ScreenOutputs
from redtrace.store.decisions import TARGET_KINDS, Decision, DecisionLog


def _out(entry: Decision) -> DecisionOut:
    return DecisionOut(**asdict(entry))


class Review:
    def __init__(self, outdir: Path, dataset: Path | None = None):
        self.outputs = ScreenOutputs(outdir, dataset)
        self.log = DecisionLog(outdir)

    def queue(self, kind: str, decision: str | None = None, status: str | None = None,
              limit: int = 50, offset: int = 0) -> Queue:
        current = {tid: e for (_, tid), e in self.log.current(kind).items()}
        total, rows = self.outputs.queue(kind, {t: e.decision for t, e in current.items()}, decision, status, limit, offset)
        items = []
        for row in rows:
            row.pop("status")
            entry = current.get(row["id"])
            items.append(QueueItem(**row, officer_decision=_out(entry) if entry else None))
        return Queue(total=total, limit=limit, offset=offset, items=items)

    def target(self, kind: str, target_id: str) -> Target | None:
        row = self.outputs.screened(kind, target_id)
        if row is None:
            return None
        history = [_out(e) for e in self.log.entries(kind, target_id)]
        own = [Flag(**f) for f in self.outputs.flags(kind, target_id)]
        raised_here = {f.rule_id for f in own}
        via = [] if kind != "order" else [
            Via(**p, flags=[Flag(**f) for f in self.outputs.flags("party", p["party_id"])])
            for p in self.outputs.order_parties(target_id)
        ]
        facts = self.outputs.context(kind, target_id)
        return Target(
            **row,
            kind=kind,
            officer_decision=history[-1] if history else None,
            own_flags=own,
            inherited_rules=[r for r in row["flags"] if r not in raised_here],
            via_parties=[v for v in via if v.flags],
            order_facts=facts if kind == "order" else None,
            party_facts=facts if kind == "party" else None,
            history=history,
        )

    def record(self, target_kind: str, target_id: str, decision: str, officer: str, reason: str) -> DecisionOut:
        """Raises DecisionError (UnknownTarget for an id the screen does not have)."""
        # An unknown kind is left for the log to refuse with its own message.
        screened = self.outputs.screened(target_kind, target_id) if target_kind in TARGET_KINDS else None
        return _out(self.log.record(target_kind, target_id, decision, officer, reason, screened))

    def decisions(self, **filters) -> list[DecisionOut]:
        return [_out(e) for e in self.log.entries(**filters)]
