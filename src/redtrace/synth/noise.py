"""Malformed rows, as exports really contain them; a reader must reject each, naming row and column.

Only rows of legitimate records are damaged, so the planted schemes and the items' origins stay
readable; every damaged row is reported (file, line, column, kind) in truth/malformed.csv.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from redtrace.synth.writer import as_strings

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


class _Work:
    """Edits to one table, kept aside and applied once, so a chunk is not copied cell by cell."""

    def __init__(self, columns: dict) -> None:
        self.columns = columns
        self.rows = len(next(iter(columns.values())))
        self.cells: dict[str, dict[int, object]] = {}
        self.appended: list[dict[str, object]] = []

    def cell(self, column: str, i: int) -> object:
        if i in self.cells.get(column, {}):
            return self.cells[column][i]
        value = self.columns[column][i]
        return value.as_py() if isinstance(value, pa.Scalar) else value

    def result(self) -> dict:
        out = {}
        for name, values in self.columns.items():
            if name in self.cells:
                values = as_strings(values).to_numpy(zero_copy_only=False).astype(object)
                for i, v in self.cells[name].items():
                    values[i] = v
            if self.appended:
                extra = pa.array([row[name] for row in self.appended], type=pa.string())
                values = pa.concat_arrays([as_strings(values), extra])
            out[name] = values
        return out


def _set(column: str, make: Callable[[object, np.random.Generator], object]) -> Callable:
    def edit(work: _Work, i: int, rng: np.random.Generator) -> tuple[int, str]:
        work.cells.setdefault(column, {})[i] = make(work.cell(column, i), rng)
        return i, column
    return edit


def _append(column: str = "", make: Callable[[object, np.random.Generator], object] | None = None) -> Callable:
    """Add a copy of row i (optionally with one cell changed); the copy is the malformed row."""
    def edit(work: _Work, i: int, rng: np.random.Generator) -> tuple[int, str]:
        row = {name: work.cell(name, i) for name in work.columns}
        if make is not None:
            row[column] = make(row[column], rng)
        work.appended.append({k: None if v is None or v == "" else str(v) for k, v in row.items()})
        return work.rows + len(work.appended) - 1, column if make is not None else ""
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
    work = _Work(columns)
    chosen = rng.choice(candidates, size=total, replace=False)
    out, start = [], 0
    for (kind, edit), count in zip(kinds.items(), per_kind):
        for i in chosen[start : start + count]:
            row, column = edit(work, int(i), rng)
            out.append(Damage(row, column, kind))
        start += count
    return work.result(), out
