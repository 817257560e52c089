"""What the API takes and gives back."""

from __future__ import annotations

from datetime import date
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


class PartyRef(BaseModel):
    party_id: str
    name: str
    country: str | None


class Line(BaseModel):
    line_no: int
    hs_code: str
    description: str | None
    quantity: float
    unit: str
    unit_price: float | None


class OrderFacts(BaseModel):
    order_date: date
    seller: PartyRef | None
    buyer: PartyRef | None
    consignee: PartyRef | None
    payer: PartyRef | None
    ship_to: str
    payment_method: str | None
    currency: str | None
    declared_end_use: str | None
    declared_end_user: str | None
    freight_forwarder: str | None
    lines: list[Line]


class PartyOrder(BaseModel):
    order_id: str
    role: str
    score: float
    decision: str


class PartyFacts(BaseModel):
    name: str
    kind: str
    aliases: list[str] | None
    country: str | None
    city: str | None
    registration_id: str | None
    incorporated_on: date | None
    activity_code: str | None
    activity: str | None
    employees: int | None
    orders: list[PartyOrder] = Field(description="its orders in any role, riskiest first (at most 50)")


class Via(BaseModel):
    role: str = Field(description="buyer, consignee or payer")
    party_id: str
    name: str
    flags: list[Flag] = Field(description="the flags raised on that party, which count on this order")


class Target(QueueItem):
    kind: Kind
    own_flags: list[Flag] = Field(description="flags raised on this target itself, strongest first")
    inherited_rules: list[str] = Field(
        description="rule ids in `flags` raised on a party of this order (its buyer, consignee or payer)"
    )
    via_parties: list[Via] = Field(description="those parties and their flags (needs the dataset)")
    order_facts: OrderFacts | None = Field(None, description="the order as the dataset has it (needs the dataset)")
    party_facts: PartyFacts | None = Field(None, description="the party as the dataset has it (needs the dataset)")
    history: list[DecisionOut] = Field(description="every decision recorded on it, oldest first")


class Health(BaseModel):
    status: Literal["ok"]
    outdir: str
    orders: int
    parties: int
    decisions: int
