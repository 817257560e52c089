"""The knobs of a synthetic world."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

TYPOLOGIES = ("business_mismatch", "front_company", "transshipment", "structuring", "third_party_payment", "watchlist_link")


@dataclass
class SynthConfig:
    orders: int = 10_000
    seed: int = 0
    start: date = date(2013, 1, 1)
    end: date = date(2019, 12, 31)
    # Illicit networks work inside this window (the seed reports: 2014-2017 at the height of IS).
    illicit_start: date = date(2014, 1, 1)
    illicit_end: date = date(2017, 12, 31)
    illicit_share: float = 0.02  # of orders
    # Networks per typology; None = sized from illicit_share so a network places ~orders_per_network orders.
    networks_per_typology: int | None = None
    orders_per_network: int = 40
    typology_weights: dict[str, float] = field(default_factory=lambda: {t: 1.0 for t in TYPOLOGIES})
    # Each network also shows each other typology's main signal with this probability.
    secondary_signal_rate: float = 0.25
    orders_per_buyer: float = 25.0  # legit economy: buyers = orders / this
    orders_per_seller: float = 2_500.0
    min_buyers: int = 150
    min_sellers: int = 30
    max_sellers: int = 600
    duplicate_rate: float = 0.05  # share of companies and people that also appear under other party ids
    duplicate_use: float = 0.3  # share of a duplicated buyer's orders placed under a duplicate id
    malformed_rate: float = 0.001  # share of rows made malformed, per file
    missing_rate: float = 0.1  # share of optional party/order fields left empty
    new_company_rate: float = 0.08  # legit buyers incorporated inside the date range
    formation_agent_rate: float = 0.2  # of new small GB/TR companies, registered at a formation agent's address
    subsidiary_rate: float = 0.04  # legit buyers owned by another buyer (which may pay for them)
    vague_end_use_rate: float = 0.12  # legit orders with a vague or empty end-use statement
    repeat_rate: float = 0.6  # share of legit lines that are one of the buyer's usual goods
    items: int | None = None  # recovered items; None = sized from orders
    watchlist_decoys: int | None = None  # unrelated watchlist entries; None = sized from orders
    chunk_orders: int = 100_000  # orders generated and written per chunk
    sector_weights: dict[str, float] = field(default_factory=dict)  # NACE class -> weight override

    def __post_init__(self) -> None:
        if self.orders < 100:
            raise ValueError(f"orders must be at least 100, got {self.orders}")
        if not 0 <= self.illicit_share < 0.5:
            raise ValueError(f"illicit_share must be in [0, 0.5), got {self.illicit_share}")
        if self.end <= self.start or not (self.start <= self.illicit_start < self.illicit_end <= self.end):
            raise ValueError("dates must satisfy start <= illicit_start < illicit_end <= end and start < end")
        unknown = set(self.typology_weights) - set(TYPOLOGIES)
        if unknown:
            raise ValueError(f"unknown typologies in typology_weights: {sorted(unknown)}")
        for name in ("duplicate_rate", "duplicate_use", "malformed_rate", "missing_rate", "new_company_rate",
                     "formation_agent_rate", "subsidiary_rate", "vague_end_use_rate", "repeat_rate", "secondary_signal_rate"):
            value = getattr(self, name)
            if not 0 <= value <= 1:
                raise ValueError(f"{name} must be in [0, 1], got {value}")

    @classmethod
    def from_file(cls, path: Path, **overrides: object) -> SynthConfig:
        """Knobs from a JSON object (dates as ISO strings); `overrides` win over the file."""
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not valid JSON ({exc})") from exc
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: expected a JSON object of knobs")
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(raw) - names
        if unknown:
            raise ValueError(f"{path}: unknown knobs {sorted(unknown)}; known: {sorted(names)}")
        for key in ("start", "end", "illicit_start", "illicit_end"):
            if key in raw:
                raw[key] = date.fromisoformat(raw[key])
        raw.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**raw)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), default=str, indent=2, sort_keys=True)

    @property
    def n_items(self) -> int:
        return self.items if self.items is not None else max(30, min(2_000, self.orders // 500))

    @property
    def n_watchlist_decoys(self) -> int:
        return self.watchlist_decoys if self.watchlist_decoys is not None else max(200, min(5_000, self.orders // 200))
