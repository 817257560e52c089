"""The embedded default engine: DuckDB in process, no server."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from redtrace.engine.base import Dialect, Engine


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class DuckDBDialect(Dialect):
    def regex_full_match(self, expr: str, pattern: str) -> str:
        return f"regexp_full_match({expr}, {_quote(pattern)})"

    def try_number(self, expr: str) -> str:
        return f"CASE WHEN {self.regex_full_match(expr, self.NUMBER)} THEN TRY_CAST({expr} AS DOUBLE) END"

    def try_integer(self, expr: str) -> str:
        return f"CASE WHEN {self.regex_full_match(expr, self.INTEGER)} THEN TRY_CAST(regexp_replace({expr}, '[.]0*$', '') AS BIGINT) END"

    def try_date(self, expr: str) -> str:
        # strptime rejects 2024-02-30; the regex pins the exact ISO shape.
        return (
            f"CASE WHEN {self.regex_full_match(expr, self.ISO_DATE)} "
            f"THEN CAST(try_strptime({expr}, '%Y-%m-%d') AS DATE) END"
        )

    def split_list(self, expr: str, separator: str) -> str:
        return f"list_filter(list_transform(string_split({expr}, {_quote(separator)}), x -> trim(x)), x -> x <> '')"

    def date_diff_days(self, start: str, end: str) -> str:
        return f"date_diff('day', {start}, {end})"

    def distinct_list(self, expr: str) -> str:
        return f"list_sort(list_distinct(list({expr})))"

    def text_list_type(self) -> str:
        return "VARCHAR[]"

    def string_agg(self, expr: str, separator: str) -> str:
        return f"array_to_string({self.distinct_list(expr)}, {_quote(separator)})"

    def top_mean(self, expr: str, n: int) -> str:
        # max(x, n) keeps the n largest in a heap: no window's sort of every group's rows.
        return f"list_avg(max({expr}, {int(n)}))"

    def json_object(self, fields: dict[str, str]) -> str:
        return f"to_json(struct_pack({', '.join(f'{name} := {expr}' for name, expr in fields.items())}))"

    def json_value(self, expr: str) -> str:
        return f"to_json({expr})"


class DuckDBEngine(Engine):
    name = "duckdb"

    def __init__(self, database: str | Path = ":memory:", threads: int | None = None, memory_limit: str | None = None):
        self.con = duckdb.connect(str(database))
        # The CLI draws its own progress; DuckDB's bar would interleave with it on stderr.
        self.con.execute("SET enable_progress_bar = false")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = {_quote(memory_limit)}")
        self.dialect = DuckDBDialect()
        self._views: set[str] = set()  # names registered without a copy (see register)

    def cursor(self) -> DuckDBEngine:
        # A DuckDB connection runs one query at a time; a cursor is another connection to the
        # same database, and releases the GIL while its queries run.
        other = copy.copy(self)
        other.con, other._views = self.con.cursor(), set()
        return other

    def register(self, name: str, data: pa.Table | pd.DataFrame, copy: bool = True) -> None:
        self.drop(name)
        if not copy:
            self.con.register(name, data)
            self._views.add(name)
            return
        # Copy into a real table: a registered view would keep a reference to caller memory.
        view = f"__incoming_{name}"
        self.con.register(view, data)
        try:
            self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {view}")
        finally:
            self.con.unregister(view)

    def create(self, name: str, query: str) -> None:
        if name in self._views:
            self.drop(name)
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS {query}")

    def append(self, name: str, query: str) -> None:
        # In place: a copy of the table (300k orders: 400k flags and their evidence) costs 0.15 s CPU.
        self.con.execute(f"INSERT INTO {name} {query}")

    def arrow(self, query: str) -> pa.Table:
        result = self.con.sql(query).arrow()
        # duckdb returns a RecordBatchReader in newer versions
        return result.read_all() if isinstance(result, pa.RecordBatchReader) else result

    def batches(self, query: str, rows: int = 1 << 14) -> Iterator[pa.RecordBatch]:
        # Streamed: only the batch being read is held in Python.
        yield from self.con.execute(query).to_arrow_reader(rows)

    def read_file(self, name: str, path: Path) -> None:
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_parquet({_quote(str(path))})")

    def write_csv(self, query: str, path: Path) -> None:
        self.con.execute(f"COPY ({query}) TO {_quote(str(path))} (HEADER, DELIMITER ',')")

    def write_jsonl(self, query: str, path: Path) -> None:
        self._copy_in_order(query, path, "FORMAT JSON")

    def _copy_in_order(self, query: str, path: Path, options: str) -> None:
        # One thread: rows are written in order, and parallel threads hold every chunk that is
        # ahead of the one being written (1.2 GiB more for 1.35M flags), for little speed.
        threads = self.con.execute("SELECT current_setting('threads')").fetchone()[0]
        self.con.execute("SET threads = 1")
        try:
            self.con.execute(f"COPY ({query}) TO {_quote(str(path))} ({options})")
        finally:
            self.con.execute(f"SET threads = {int(threads)}")

    def drop(self, *names: str) -> None:
        for name in names:
            if name in self._views:
                self.con.unregister(name)
                self._views.discard(name)
            else:
                self.con.execute(f"DROP TABLE IF EXISTS {name}")

    def has(self, name: str) -> bool:
        return bool(
            self.con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
            ).fetchone()[0]
        )

    def tables(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}

    def columns(self, name: str) -> list[str]:
        return [r[0] for r in self.con.execute(f"DESCRIBE {name}").fetchall()]
