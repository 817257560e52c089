"""Malformed rows, as exports really contain them; a reader must reject each, naming row and column.

Only rows of legitimate records are damaged, so the planted schemes and the items' origins stay
readable; every damaged row is reported (file, line, column, kind) in truth/malformed.csv.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

Table = dict[str, np.ndarray]


@dataclass(frozen=True)
class Damage:
    row: int  # index in the table as written
    column: str  # "" when the row as a whole is wrong
    kind: str


def _bad_date(value: object, rng: np.random.Generator) -> str:
    text = str(value or "2015-06-15")
    y, m, d = (text.split("-") + ["01", "01"])[:3] if text.count("-") == 2 else ("2015", "06", "15")
    return [f"{d}/{m}/{y}", f"{y}-02-30", f"{y}-13-{d}", f"{y}{m}{d}", "unknown", f"{d}.{m}.{y[2:]}"][rng.integers(6)]


def _unknown_id(prefix: str, rng: np.random.Generator) -> str:
    # One digit longer than any id the generator hands out, so it can never exist.
    return f"{prefix}{rng.integers(10**8, 10**9)}"


def _set(column: str, make: Callable[[object, np.random.Generator], object]) -> Callable:
    def edit(table: Table, i: int, rng: np.random.Generator) -> tuple[int, str]:
        table[column][i] = make(table[column][i], rng)
        return i, column
    return edit


def _append(column: str = "", make: Callable[[object, np.random.Generator], object] | None = None) -> Callable:
    """Add a copy of row i (optionally with one cell changed); the copy is the malformed row."""
    def edit(table: Table, i: int, rng: np.random.Generator) -> tuple[int, str]:
        for name, values in table.items():
            value = values[i]
            if name == column and make is not None:
                value = make(value, rng)
            table[name] = np.append(values, np.array([value], dtype=object))
        return len(next(iter(table.values()))) - 1, column if make is not None and column else ""
    return edit


def _pick(options: tuple[str, ...]) -> Callable[[object, np.random.Generator], str]:
    return lambda value, rng: options[rng.integers(len(options))]


def _nonpositive(value: object, rng: np.random.Generator) -> str:
    return "0" if rng.random() < 0.5 else f"-{value}"


def _bad_hs(value: object, rng: np.random.Generator) -> str:
    digits = str(value).replace(".", "")
    return [digits[:4] + "O" + digits[5:], digits[:4], "HS " + digits[:2] + "?", digits[:5], "n/a"][rng.integers(5)]


ORDER_DAMAGE = {
    "bad_date": _set("order_date", _bad_date),
    "unknown_buyer": _set("buyer_id", lambda v, rng: _unknown_id("P", rng)),
    "duplicate_id": _append(),
}
LINE_DAMAGE = {
    "non_numeric_quantity": _set("quantity", _pick(("12 kg", "approx. 40", "n/a", "#VALUE!", "ten", "1.2.5"))),
    "non_positive_quantity": _set("quantity", _nonpositive),
    "unknown_unit": _set("unit", _pick(("drum", "box", "bag", "pallet", "ctn", "ea"))),
    "bad_hs_code": _set("hs_code", _bad_hs),
    "missing_order": _append("order_id", lambda v, rng: _unknown_id("SO", rng)),
    "duplicate_key": _append(),
}
PARTY_DAMAGE = {
    "bad_date": _set("incorporated_on", _bad_date),
    "duplicate_id": _append(),
}
RELATION_DAMAGE = {
    "unknown_party": _append("target_id", lambda v, rng: _unknown_id("P", rng)),
}


def damage(columns: dict, candidates: np.ndarray, kinds: dict[str, Callable], rate: float,
           rng: np.random.Generator, at_least_one: bool) -> tuple[dict, list[Damage]]:
    """Damage about `rate` of the candidate rows, spread evenly over the kinds."""
    per_kind = rng.binomial(len(candidates), rate / len(kinds), size=len(kinds))
    if at_least_one:
        per_kind = np.maximum(per_kind, 1)
    total = min(int(per_kind.sum()), len(candidates))
    if total == 0:
        return columns, []
    table: Table = {k: _objects(v) for k, v in columns.items()}
    chosen = rng.choice(candidates, size=total, replace=False)
    out, start = [], 0
    for (kind, edit), count in zip(kinds.items(), per_kind):
        for i in chosen[start : start + count]:
            row, column = edit(table, int(i), rng)
            out.append(Damage(row, column, kind))
        start += count
    return table, out


def _objects(values: object) -> np.ndarray:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values.to_numpy(zero_copy_only=False).astype(object)
    return np.asarray(values, dtype=object).copy()
