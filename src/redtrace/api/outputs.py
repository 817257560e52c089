"""A screen's output folder, read once into an in-memory engine and queried per request."""

from __future__ import annotations

import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.json as pajson

from redtrace.api import context
from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.io.validate import q

FLAG_SCHEMA = pa.schema(
    [("rule_id", pa.string()), ("title", pa.string()), ("target_kind", pa.string()), ("target_id", pa.string()),
     ("severity", pa.string()), ("strength", pa.float64()), ("contribution", pa.float64()), ("evidence", pa.string()),
     ("indicators", pa.string()), ("indicator_meanings", pa.string()), ("source", pa.string())]
)
RULE_TEXTS = ("title", "indicators", "indicator_meanings", "source")
# Ids are text even when a dataset's ids look like numbers ('0042' must stay '0042').
TEXT = {c: pa.string() for c in ("order_id", "party_id", "decision", "flags", "watchlist_matches")}
QUEUE = {"order": ("orders_scored", "order_id"), "party": ("parties_scored", "party_id")}


class OutputsError(ValueError):
    """The folder is not a screen's output."""


def _csv(path: Path) -> pa.Table:
    if not path.exists():
        raise OutputsError(f"{path.parent} has no {path.name}: is it the --out folder of `redtrace screen`?")
    # Empty cells are empty texts (no flags, no watchlist match), not missing values.
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=TEXT, strings_can_be_null=False))


def _jsonl(path: Path) -> pa.Table:
    if not path.exists():
        raise OutputsError(f"{path.parent} has no {path.name}: is it the --out folder of `redtrace screen`?")
    if path.stat().st_size == 0:
        return FLAG_SCHEMA.empty_table()
    return pajson.read_json(path, parse_options=pajson.ParseOptions(explicit_schema=FLAG_SCHEMA))


def _split(cell: str | None) -> list[str]:
    return [p for p in (cell or "").split(";") if p]


def _listed(row: dict, key: str) -> dict:
    """A scored row with its id under `id` and its ';'-joined cells as lists."""
    row["id"] = row.pop(key)
    row["flags"] = _split(row["flags"])
    if "watchlist_matches" in row:
        row["watchlist_matches"] = _split(row["watchlist_matches"])
    return row


class ScreenOutputs:
    """orders_scored.csv, parties_scored.csv and flags.jsonl of one folder as tables, and when
    given, the dataset that was screened (read and validated as the screen read it)."""

    def __init__(self, outdir: Path, dataset: Path | None = None):
        self.outdir = Path(outdir)
        self.dataset = Path(dataset) if dataset else None
        self.engine = create_engine()
        self.engine.register("orders_scored", _csv(self.outdir / "orders_scored.csv"))
        self.engine.register("parties_scored", _csv(self.outdir / "parties_scored.csv"))
        flags = _jsonl(self.outdir / "flags.jsonl")
        # A rule's texts repeat on each of its flags (126 MB of flags.jsonl for 100k orders): kept once.
        self.engine.register("rule_texts", flags.select(["rule_id", *RULE_TEXTS]).group_by(["rule_id", *RULE_TEXTS]).aggregate([]))
        self.engine.register("flags", flags.drop_columns(list(RULE_TEXTS)))
        del flags  # before the dataset is read: the full texts need not outlive this point
        if self.dataset:
            read_dataset(self.dataset, self.engine)
            stray = self.engine.scalar("SELECT count(*) AS n FROM orders_scored s LEFT JOIN orders o ON o.order_id = s.order_id "
                                       "WHERE o.order_id IS NULL")
            if stray:
                raise OutputsError(f"{self.dataset} lacks {stray:,} of the screened orders: is it the dataset {self.outdir} screened?")
        # One connection serves every request thread; it must not run two queries at once.
        self._lock = threading.Lock()

    def _rows(self, sql: str) -> list[dict]:
        with self._lock:
            return self.engine.arrow(sql).to_pylist()

    def screened(self, kind: str, target_id: str) -> dict | None:
        """The target's row (score, flags as a list, and decision for orders), None when unknown."""
        table, key = QUEUE[kind]
        rows = self._rows(f"SELECT * FROM {table} WHERE {key} = {q(target_id)}")
        if not rows:
            return None
        return _listed(rows[0], key)

    def queue(self, kind: str, officer: dict[str, str], decision: str | None, status: str | None,
              limit: int, offset: int) -> tuple[int, list[dict]]:
        """Targets riskiest first, with their current officer decision; `status` is an officer
        decision or 'undecided'. Returns the number matching and the page asked for."""
        table, key = QUEUE[kind]
        decided = pa.table({"target_id": pa.array(list(officer), pa.string()),
                            "status": pa.array(list(officer.values()), pa.string())})
        where = ["1 = 1"]
        if decision:
            where.append(f"t.decision = {q(decision)}")
        if status == "undecided":
            where.append("d.status IS NULL")
        elif status:
            where.append(f"d.status = {q(status)}")
        sql = (f"SELECT t.*, d.status FROM {table} t LEFT JOIN officer d ON d.target_id = t.{key} "
               f"WHERE {' AND '.join(where)}")
        with self._lock:
            self.engine.register("officer", decided)
            total = int(self.engine.scalar(f"SELECT count(*) AS n FROM ({sql}) s"))
            rows = self.engine.arrow(f"{sql} ORDER BY t.score DESC, t.{key} LIMIT {int(limit)} OFFSET {int(offset)}").to_pylist()
            self.engine.drop("officer")
        return total, [_listed(row, key) for row in rows]

    def flags(self, kind: str, target_id: str) -> list[dict]:
        """The flags raised on the target itself, strongest first, each with its indicators split."""
        rows = self._rows(
            f"SELECT f.*, {', '.join('r.' + t for t in RULE_TEXTS)} FROM flags f JOIN rule_texts r ON r.rule_id = f.rule_id "
            f"WHERE f.target_kind = {q(kind)} AND f.target_id = {q(target_id)} ORDER BY f.contribution DESC, f.rule_id"
        )
        for row in rows:
            row["indicators"] = [
                {"id": i, "meaning": _meaning(row["indicator_meanings"], i)} for i in _split(row["indicators"])
            ]
            row["sources"] = [s.strip() for s in (row.pop("source") or "").split(" | ") if s.strip()]
            del row["indicator_meanings"]
        return rows

    def size(self, kind: str) -> int:
        with self._lock:
            return self.engine.count(QUEUE[kind][0])

    def context(self, kind: str, target_id: str) -> dict | None:
        """The dataset's facts about the target; None without a dataset."""
        if not self.dataset:
            return None
        return (context.order_context if kind == "order" else context.party_context)(self._rows, target_id)

    def order_parties(self, order_id: str) -> list[dict]:
        """role, party_id, name of each party whose flags count on the order; [] without a dataset."""
        return context.order_parties(self._rows, order_id) if self.dataset else []

    def titles(self) -> dict[str, str]:
        """rule id -> its title, for rules that raised a flag."""
        return {r["rule_id"]: r["title"] for r in self._rows("SELECT rule_id, title FROM rule_texts") if r["title"]}

    def decisions_count(self) -> dict[str, int]:
        rows = self._rows("SELECT decision, count(*) AS n FROM orders_scored GROUP BY decision")
        return {r["decision"]: int(r["n"]) for r in rows}


def _meaning(meanings: str | None, indicator_id: str) -> str:
    """The meaning of one indicator out of the 'ID: meaning | ID: meaning' text flags.jsonl holds."""
    for part in (meanings or "").split(" | "):
        ident, _, meaning = part.partition(": ")
        if ident == indicator_id:
            return meaning
    return ""
