"""The engine boundary: what every engine offers the pipeline."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import namedtuple
from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa


def records(frame: pd.DataFrame) -> Iterator[tuple]:
    """The rows of `frame` as named tuples, like `itertuples(index=False)` and with the same
    values, but read a column at a time: the engine's text columns are Arrow-backed, and
    `itertuples` reads those one cell at a time (about 4 us a cell; at a million orders, seconds
    for one rule's sentences)."""
    Row = namedtuple("Row", frame.columns, rename=True)
    return map(Row._make, zip(*(frame[c].tolist() for c in frame.columns)))


class Dialect(ABC):
    """SQL expressions that differ between engines. Arguments and results are SQL text.

    Each method means the same on every engine; tests/test_engine_spark.py holds the known
    answers every implementation must give.
    """

    # What the contract accepts as a number, a whole number and a date. Engines' own casts are
    # laxer, and each in its own way (DuckDB reads '1.5' as the integer 2, '1_000' as 1000 and
    # 'nan' as a number; Spark reads '2024-1-5' as a date), so the text is checked first.
    NUMBER = r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"
    # '900.0' is a whole number: spreadsheets and pandas write a count column with gaps that way.
    INTEGER = r"[+-]?[0-9]+([.]0*)?"
    ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    @abstractmethod
    def regex_full_match(self, expr: str, pattern: str) -> str:
        """TRUE when the whole text matches `pattern` (a regular expression both RE2 and Java read)."""

    @abstractmethod
    def try_number(self, expr: str) -> str:
        """A DOUBLE from text matching NUMBER, NULL otherwise."""

    @abstractmethod
    def try_integer(self, expr: str) -> str:
        """A BIGINT from text matching INTEGER, NULL otherwise (and when it does not fit)."""

    @abstractmethod
    def try_date(self, expr: str) -> str:
        """A DATE from ISO text 'YYYY-MM-DD', NULL when it is not a real calendar date."""

    @abstractmethod
    def split_list(self, expr: str, separator: str) -> str:
        """An array of the trimmed, non-empty parts of a separated text cell."""

    @abstractmethod
    def date_diff_days(self, start: str, end: str) -> str: ...

    @abstractmethod
    def distinct_list(self, expr: str) -> str:
        """Aggregate: the distinct non-NULL values as a list, in sorted order."""

    @abstractmethod
    def text_list_type(self) -> str:
        """The type name of a list of text (for CAST)."""

    @abstractmethod
    def string_agg(self, expr: str, separator: str) -> str:
        """Aggregate: the distinct values joined, in sorted order (deterministic output)."""

    @abstractmethod
    def top_mean(self, expr: str, n: int) -> str:
        """Aggregate: the mean of the `n` largest non-NULL values (repeats count), NULL without any."""

    @abstractmethod
    def json_object(self, fields: dict[str, str]) -> str:
        """The text of one JSON object of the named SQL expressions, in their order, as `write_jsonl` writes a row."""

    @abstractmethod
    def json_value(self, expr: str) -> str:
        """The JSON text of one SQL expression's value, as `json_object` writes it in a field; NULL for NULL."""


class Engine(ABC):
    """Holds named tables and runs SQL over them."""

    dialect: Dialect
    name: str

    @abstractmethod
    def register(self, name: str, data: pa.Table | pd.DataFrame, copy: bool = True) -> None:
        """Make in-memory data available as table `name` (replacing any table of that name).

        With copy=False the engine may read `data` in place instead of copying it; the caller
        then keeps it unchanged until `drop(name)`. Engines that must copy anyway ignore it."""

    @abstractmethod
    def create(self, name: str, query: str) -> None:
        """Materialise the result of `query` as table `name`."""

    def append(self, name: str, query: str) -> None:
        """Add the rows of `query` (the columns of table `name`, in order) after those of `name`, a
        table made by `create` or copied by `register`."""
        self.create(name, f"SELECT * FROM {name} UNION ALL {query}")

    @abstractmethod
    def arrow(self, query: str) -> pa.Table: ...

    @abstractmethod
    def read_file(self, name: str, path: Path) -> None:
        """Load a Parquet file as table `name`, every column as it is typed in the file."""

    @abstractmethod
    def write_csv(self, query: str, path: Path) -> None: ...

    @abstractmethod
    def write_jsonl(self, query: str, path: Path) -> None:
        """One JSON object per row; list columns become JSON arrays."""

    def batches(self, query: str, rows: int = 1 << 14) -> Iterator[pa.RecordBatch]:
        """The result of `query` in its order, as Arrow batches of about `rows` rows, for results
        too big to hold at once. Engines that hold the whole result anyway cut it up."""
        yield from self.arrow(query).to_batches(max_chunksize=rows)

    @abstractmethod
    def drop(self, *names: str) -> None:
        """Forget intermediate tables (no error for names that do not exist)."""

    @abstractmethod
    def has(self, name: str) -> bool: ...

    @abstractmethod
    def tables(self) -> set[str]:
        """Names of every table the engine holds."""

    @abstractmethod
    def columns(self, name: str) -> list[str]: ...

    def cursor(self) -> "Engine":
        """The same tables, for queries run on another thread while this engine is used. Engines
        whose sessions take queries from several threads (Spark's) return themselves."""
        return self

    def df(self, query: str) -> pd.DataFrame:
        return self.arrow(query).to_pandas()

    def table(self, name: str) -> pd.DataFrame:
        return self.df(f"SELECT * FROM {name}")

    def scalar(self, query: str):
        rows = self.arrow(query).to_pylist()
        return next(iter(rows[0].values())) if rows else None

    def count(self, name: str) -> int:
        return int(self.scalar(f"SELECT count(*) AS n FROM {name}"))
