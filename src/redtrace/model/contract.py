"""The data contract as types: every input file, its columns, and what each column may hold.

This module is the single place the contract lives in code. The reader validates against it,
the synthetic-world generator writes it, and the docs (docs/data-contract.md) describe it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """How a cell is checked and what type it becomes in the canonical table."""

    TEXT = "text"  # any non-empty string
    ID = "id"  # identifier: text, stripped
    DATE = "date"  # ISO YYYY-MM-DD, a real calendar date
    NUMBER = "number"  # decimal number
    INTEGER = "integer"  # whole number
    ENUM = "enum"  # one of `values` (case-insensitive, stored lower-case)
    COUNTRY = "country"  # ISO 3166-1 alpha-2 (case-insensitive, stored upper-case)
    CURRENCY = "currency"  # ISO 4217 three-letter code
    HS_CODE = "hs_code"  # 6 to 10 digits, dots allowed; stored as digits only
    LIST = "list"  # ';'-separated text values


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = Kind.TEXT
    required: bool = False
    values: tuple[str, ...] = ()  # allowed values for ENUM
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False  # quantity must be > 0, not >= 0


@dataclass(frozen=True)
class FileSpec:
    """One input file of a dataset: its stem (``orders`` for orders.csv / orders.parquet)."""

    stem: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # columns whose combination must be unique
    required_file: bool = False
    references: dict[str, str] = field(default_factory=dict)  # column -> referenced table

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


PARTY_KINDS = ("company", "person")
RELATION_KINDS = ("director", "owner", "shareholder", "representative", "family", "associate")
PAYMENT_METHODS = ("bank_transfer", "letter_of_credit", "card", "cash", "third_party", "crypto", "other")
UNITS = ("kg", "t", "l", "pcs", "m", "set")
TARGET_KINDS = ("order", "party")
LABELS = ("illicit", "legit")
DECISIONS = ("clear", "review", "hold")

PARTIES = FileSpec(
    stem="parties",
    required_file=True,
    key=("party_id",),
    columns=(
        Column("party_id", Kind.ID, required=True),
        Column("kind", Kind.ENUM, required=True, values=PARTY_KINDS),
        Column("name", Kind.TEXT, required=True),
        Column("aliases", Kind.LIST),
        Column("country", Kind.COUNTRY),
        Column("address"),
        Column("city"),
        Column("region"),
        Column("postal_code"),
        Column("lat", Kind.NUMBER, minimum=-90, maximum=90),
        Column("lon", Kind.NUMBER, minimum=-180, maximum=180),
        Column("registration_id"),
        Column("incorporated_on", Kind.DATE),
        Column("birth_date", Kind.DATE),
        Column("activity_code"),
        Column("activity"),
        Column("employees", Kind.INTEGER, minimum=0),
        Column("phone"),
        Column("email"),
        Column("website"),
    ),
)

RELATIONS = FileSpec(
    stem="relations",
    key=(),
    references={"source_id": "parties", "target_id": "parties"},
    columns=(
        Column("source_id", Kind.ID, required=True),
        Column("target_id", Kind.ID, required=True),
        Column("kind", Kind.ENUM, required=True, values=RELATION_KINDS),
        Column("share", Kind.NUMBER, minimum=0, maximum=1),
        Column("start_date", Kind.DATE),
        Column("end_date", Kind.DATE),
    ),
)

ORDERS = FileSpec(
    stem="orders",
    required_file=True,
    key=("order_id",),
    references={"seller_id": "parties", "buyer_id": "parties", "consignee_id": "parties", "payer_id": "parties"},
    columns=(
        Column("order_id", Kind.ID, required=True),
        Column("order_date", Kind.DATE, required=True),
        Column("seller_id", Kind.ID, required=True),
        Column("buyer_id", Kind.ID, required=True),
        Column("consignee_id", Kind.ID),
        Column("ship_to_address"),
        Column("ship_to_city"),
        Column("ship_to_region"),
        Column("ship_to_country", Kind.COUNTRY, required=True),
        Column("payment_method", Kind.ENUM, values=PAYMENT_METHODS),
        Column("payer_id", Kind.ID),
        Column("currency", Kind.CURRENCY),
        Column("declared_end_use"),
        Column("declared_end_user"),
        Column("freight_forwarder"),
        Column("incoterm"),
    ),
)

ORDER_LINES = FileSpec(
    stem="order_lines",
    required_file=True,
    key=("order_id", "line_no"),
    references={"order_id": "orders"},
    columns=(
        Column("order_id", Kind.ID, required=True),
        Column("line_no", Kind.INTEGER, required=True, minimum=0),
        Column("hs_code", Kind.HS_CODE, required=True),
        Column("description"),
        Column("sku"),
        Column("quantity", Kind.NUMBER, required=True, minimum=0, exclusive_minimum=True),
        Column("unit", Kind.ENUM, required=True, values=UNITS),
        Column("unit_price", Kind.NUMBER, minimum=0),
        Column("manufacturer"),
        Column("model"),
        Column("lot"),
        Column("serial_from"),
        Column("serial_to"),
    ),
)

ITEMS = FileSpec(
    stem="items",
    key=("item_id",),
    columns=(
        Column("item_id", Kind.ID, required=True),
        Column("manufacturer"),
        Column("model"),
        Column("serial"),
        Column("lot"),
        Column("hs_code", Kind.HS_CODE),
        Column("description"),
        Column("recovered_on", Kind.DATE),
        Column("recovered_country", Kind.COUNTRY),
        Column("recovered_place"),
        Column("context"),
    ),
)

LABELS_FILE = FileSpec(
    stem="labels",
    key=("target_kind", "target_id"),
    columns=(
        Column("target_kind", Kind.ENUM, required=True, values=TARGET_KINDS),
        Column("target_id", Kind.ID, required=True),
        Column("label", Kind.ENUM, required=True, values=LABELS),
        Column("typology"),
    ),
)

# Order matters: a file is validated after the files it references.
DATASET_FILES: tuple[FileSpec, ...] = (PARTIES, RELATIONS, ORDERS, ORDER_LINES, ITEMS)
SPECS: dict[str, FileSpec] = {s.stem: s for s in (*DATASET_FILES, LABELS_FILE)}

# Output columns, fixed by the contract.
ORDERS_SCORED_COLUMNS = ("order_id", "score", "decision", "flags")
PARTIES_SCORED_COLUMNS = ("party_id", "score", "flags", "watchlist_matches")
REJECTED_COLUMNS = ("file", "row", "column", "reason")
MATCH_RESULT_COLUMNS = ("query_id", "rank", "entry_id", "matched_name", "score")
TRACES_COLUMNS = ("item_id", "rank", "order_id", "line_no", "confidence", "matched_on")
CLUSTERS_COLUMNS = ("party_id", "cluster_id")

# Conversions of order-line units to a common measure, so quantities of one good compare.
UNIT_TO_BASE = {"kg": ("kg", 1.0), "t": ("kg", 1000.0), "l": ("l", 1.0), "pcs": ("pcs", 1.0), "m": ("m", 1.0), "set": ("set", 1.0)}
