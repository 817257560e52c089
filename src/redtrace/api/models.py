"""What the API takes and gives back."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from redtrace.store.decisions import MAX_OFFICER, MAX_REASON

Kind = Literal["order", "party"]
Verdict = Literal["clear", "hold", "review"]


class Indicator(BaseModel):
    id: str
    meaning: str


class Flag(BaseModel):
    rule_id: str
    title: str | None
    severity: str | None
    strength: float
    contribution: float = Field(description="the flag's share of the score")
    evidence: str = Field(description="a sentence with the numbers behind the flag")
    indicators: list[Indicator] = Field(description="the public red-flag indicators the rule implements")
    sources: list[str] = Field(description="the public documents those indicators come from")


class DecisionIn(BaseModel):
    target_kind: Kind
    target_id: str = Field(min_length=1)
    decision: Verdict
    officer: str = Field(min_length=1, max_length=MAX_OFFICER)
    reason: str = Field(min_length=1, max_length=MAX_REASON)


class DecisionOut(BaseModel):
    target_kind: Kind
    target_id: str
    decision: Verdict
    officer: str
    reason: str
    decided_at: str = Field(description="UTC, ISO 8601")
    screen_score: float | None = Field(description="the screen's score when the decision was made")
    screen_decision: str | None = Field(description="the screen's decision then (orders only)")


class QueueItem(BaseModel):
    id: str
    score: float
    decision: str | None = Field(None, description="the screen's decision (orders only)")
    flags: list[str] = Field(description="rule ids that count towards the score")
    watchlist_matches: list[str] | None = Field(None, description="list:entry_id of each hit (parties only)")
    officer_decision: DecisionOut | None = Field(None, description="the latest decision recorded, if any")


class Queue(BaseModel):
    total: int = Field(description="targets matching the filters")
    limit: int
    offset: int
    items: list[QueueItem]


class Target(QueueItem):
    kind: Kind
    own_flags: list[Flag] = Field(description="flags raised on this target itself, strongest first")
    inherited_rules: list[str] = Field(
        description="rule ids in `flags` raised on a party of this order (its buyer, consignee or payer), "
        "explained on that party's page"
    )
    history: list[DecisionOut] = Field(description="every decision recorded on it, oldest first")


class Health(BaseModel):
    status: Literal["ok"]
    outdir: str
    orders: int
    parties: int
    decisions: int
