"""Reading a dataset folder into the engine's canonical tables, rejecting what the contract forbids.

For every file: accepted rows + rejected rows = input rows. Rejected rows are never fixed or
dropped silently; each gets a line in `rejected` naming file, row, column and reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from redtrace.engine import Engine
from redtrace.io.source import ROW, DatasetError, RawFile, find_file, read_raw
from redtrace.io.validate import check_columns, duplicates_of, typed_rows
from redtrace.model.contract import DATASET_FILES, ORDER_LINES, ORDERS, REJECTED_COLUMNS, FileSpec

__all__ = ["DatasetError", "FileCount", "ReadResult", "read_dataset", "read_file"]


@dataclass(frozen=True)
class FileCount:
    file: str
    input_rows: int
    accepted: int

    @property
    def rejected(self) -> int:
        return self.input_rows - self.accepted


@dataclass
class ReadResult:
    folder: Path
    counts: dict[str, FileCount] = field(default_factory=dict)  # by stem; only files present
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(REJECTED_COLUMNS)))

    @property
    def input_rows(self) -> int:
        return sum(c.input_rows for c in self.counts.values())

    @property
    def accepted_rows(self) -> int:
        return sum(c.accepted for c in self.counts.values())


def read_dataset(
    folder: Path, engine: Engine, progress: Callable[[str], None] | None = None, loaded: Callable[[str], None] | None = None
) -> ReadResult:
    """Validate every contract file in `folder` and create the canonical tables in `engine`.

    `loaded(stem)` is called as soon as a table is final, so work on it can start while the
    other files are read (the orders' only after the order lines: an order with no line is
    rejected)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetError(f"{folder}: not a folder (a dataset is a folder of CSV or Parquet files)")
    paths = {spec.stem: find_file(folder, spec.stem) for spec in DATASET_FILES}
    for spec in DATASET_FILES:
        if paths[spec.stem] is None and spec.required_file:
            raise DatasetError(f"{folder}: required file {spec.stem}.csv (or {spec.stem}.parquet) is missing")
    result = ReadResult(folder)
    rejected: list[pd.DataFrame] = []
    accepted: dict[str, str] = {}  # stem -> what the files referring to it read its accepted keys from
    inputs: dict[str, tuple[str, int]] = {}  # stem -> (file name, input rows)
    for spec in DATASET_FILES:
        if progress:
            progress(spec.stem)
        path = paths[spec.stem]
        raw = read_raw(path) if path else None
        if raw is not None:
            inputs[spec.stem] = (path.name, raw.input_rows)
        data, file_rejected = _check(engine, spec, raw, spec.stem, accepted)
        raw = None  # the text as read: `data` holds it clean
        rejected.append(file_rejected)
        if spec is ORDERS:
            # Kept once their lines are known (an order is only an order with goods on it), so
            # that the table is written once; meanwhile the lines look them up among the rows
            # that passed their checks.
            orders = (data, file_rejected)
            accepted[spec.stem] = f"(SELECT order_id FROM {_checked(spec.stem)} WHERE {_passed(spec.stem)}) AS {spec.stem}"
            continue
        _keep(engine, spec, spec.stem, data, file_rejected.row)
        accepted[spec.stem] = spec.stem
        if loaded:
            loaded(spec.stem)
        if spec is ORDER_LINES:
            without_lines = _orders_without_lines(engine, inputs[ORDERS.stem][0])
            rejected.append(without_lines)
            _keep(engine, ORDERS, ORDERS.stem, orders[0], pd.concat([orders[1].row, without_lines.row]))
            if loaded:
                loaded(ORDERS.stem)
    for stem, (name, rows) in inputs.items():
        result.counts[stem] = FileCount(name, rows, engine.count(stem))
    result.rejected = pd.concat([r for r in rejected if len(r)], ignore_index=True) if any(len(r) for r in rejected) else result.rejected
    result.rejected = result.rejected.sort_values(["file", "row"], kind="stable", ignore_index=True)
    return result


def read_file(engine: Engine, spec: FileSpec, path: Path, table: str) -> tuple[FileCount, pd.DataFrame]:
    """Validate one stand-alone file (labels, queries) into `table`; returns its count and rejections."""
    raw = read_raw(Path(path))
    data, rejected = _check(engine, spec, raw, table, {})
    _keep(engine, spec, table, data, rejected.row)
    return FileCount(Path(path).name, raw.input_rows, engine.count(table)), rejected


def _checked(table: str) -> str:
    return f"checked_{table}"


def _passed(table: str) -> str:
    """SQL on `_checked(table)`: the row's cells and references are fine and it repeats no key."""
    return f"_reason IS NULL AND {ROW} NOT IN (SELECT {ROW} FROM {duplicates_of(_checked(table))})"


def _check(
    engine: Engine, spec: FileSpec, raw: RawFile | None, table: str, accepted: dict[str, str]
) -> tuple[pa.Table, pd.DataFrame]:
    """Create `_checked(table)` (what is wrong with each row) and return the file's clean cells
    and its rejections."""
    file_name = raw.path.name if raw else f"{spec.stem}.csv"
    data = _conform(spec, raw)
    engine.register(f"raw_{table}", _in_row_groups(data), copy=False)
    check_columns(engine, spec, f"raw_{table}", _checked(table), accepted)
    engine.drop(f"raw_{table}")
    rejected = engine.df(
        f"SELECT {ROW} AS row, coalesce(_column, '') AS \"column\", _reason AS reason FROM {_checked(table)} "
        f"WHERE _reason IS NOT NULL UNION ALL SELECT {ROW}, _column, _reason FROM {duplicates_of(_checked(table))}"
    )
    malformed = pd.DataFrame(raw.malformed if raw else [], columns=["row", "reason"]).assign(column="")
    out = pd.concat([rejected, malformed[["row", "column", "reason"]]], ignore_index=True) if len(malformed) else rejected
    return data, out.assign(file=file_name)[list(REJECTED_COLUMNS)]


def _keep(engine: Engine, spec: FileSpec, table: str, data: pa.Table, rejected_rows: pd.Series) -> None:
    """Create `table`: the rows of `data` that were not rejected, typed."""
    rejected = np.isin(data.column(ROW).to_numpy(), np.asarray(rejected_rows, dtype=np.int64))
    engine.register(f"raw_{table}", _in_row_groups(data.filter(pa.array(~rejected)) if rejected.any() else data), copy=False)
    # A projection of one table keeps its rows in file order: tables, and so every output, come
    # out the same on every run, without sorting them back.
    engine.create(table, typed_rows(engine, spec, f"raw_{table}"))
    engine.drop(f"raw_{table}", _checked(table), duplicates_of(_checked(table)))


# The Unicode space separators (category Zs), which DuckDB's trim() strips: the characters a
# spreadsheet or an export pads cells with. Tabs and line breaks inside a cell are kept.
SPACES = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def _conform(spec: FileSpec, raw: RawFile | None) -> pa.Table:
    """The raw table with every contract column present (missing optional ones as NULL) and its
    cells clean (see `clean`)."""
    if raw is None:
        return pa.table({**{c: pa.array([], pa.string()) for c in spec.column_names}, ROW: pa.array([], pa.int64())})
    table = raw.table
    missing = [c.name for c in spec.columns if c.name not in table.column_names]
    required_missing = [m for m in missing if spec.column(m).required]
    if required_missing:
        raise DatasetError(
            f"{raw.path.name}: required column(s) {', '.join(required_missing)} missing from the header (row 1); "
            f"found: {', '.join(c for c in table.column_names if c != ROW)}"
        )
    for name in table.column_names:
        column = _one_chunk(table.column(name))
        table = table.set_column(table.column_names.index(name), name, clean(column) if name in spec.column_names else column)
    for name in missing:
        table = table.append_column(name, pa.nulls(table.num_rows, pa.string()))
    return table


def _one_chunk(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """The column in one chunk (or as few as its offsets allow), copied column by column, so
    that `_in_row_groups` can cut the table into batches of equal length."""
    return pa.table({"c": column}).combine_chunks().column(0)


# Rows in one of the engine's row groups (DuckDB's default).
ROW_GROUP = 122_880


def _in_row_groups(table: pa.Table) -> pa.Table:
    """The table cut, without a copy, into batches of one row group each.

    The engine stores each batch in whole row groups, so the tables are laid out as the sorted
    copies they used to be made from were: where an order's lines fall across a group boundary
    changes the last bit of sums over them (order values), so outputs stay as they were. One
    batch per group also lets the engine's threads share the checks and the typing: a table in
    one batch is scanned by one thread while the other waits, which on a busy machine cost up to
    twice the CPU."""
    return pa.Table.from_batches(table.combine_chunks().to_batches(max_chunksize=ROW_GROUP), table.schema)


def clean(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    """Surrounding white space is never meaningful in an export, and a blank cell is missing.

    Done in Arrow before the engine sees the file: a vectorised trim costs a tenth of the
    engine's per-cell trim, which copies every string. Most columns (ids, codes, numbers,
    dates) have no cell to clean, and are kept as they are."""
    if not any(_may_be_unclean(chunk) for chunk in cells.chunks):
        return cells
    trimmed = pc.utf8_trim(cells, SPACES)
    blank = pc.equal(trimmed, "")
    return pc.if_else(blank, pa.scalar(None, pa.string()), trimmed) if pc.any(blank).as_py() else trimmed


def _may_be_unclean(cells: pa.Array) -> bool:
    """Whether a cell may be blank or padded: it is empty, or its first or last byte is a space
    or part of a non-ASCII character (every other space in SPACES is one). Read from the
    string offsets: a tiny fraction of the cost of a trim."""
    if cells.type != pa.string():
        return True
    offsets = np.frombuffer(cells.buffers()[1], dtype=np.int32, count=len(cells) + 1, offset=cells.offset * 4)
    if cells.null_count:
        present = cells.is_valid().to_numpy(zero_copy_only=False)
        starts, ends = offsets[:-1][present], offsets[1:][present]
    else:
        starts, ends = offsets[:-1], offsets[1:]
    if not len(starts):
        return False
    if (ends == starts).any():
        return True
    data = np.frombuffer(cells.buffers()[2], dtype=np.uint8)
    first, last = data[starts], data[ends - 1]
    return bool(((first == 0x20) | (first >= 0x80) | (last == 0x20) | (last >= 0x80)).any())


def _orders_without_lines(engine: Engine, file_name: str) -> pd.DataFrame:
    """An order is only an order with goods on it: the rejections of the orders that passed their
    checks but have no accepted line."""
    rejected = engine.df(
        f"SELECT {ROW} AS row, '' AS \"column\", 'no accepted order line for order ''' || order_id || '''' AS reason "
        f"FROM {_checked(ORDERS.stem)} WHERE {_passed(ORDERS.stem)} AND NOT (order_id IN (SELECT order_id FROM {ORDER_LINES.stem}))"
    )
    return rejected.assign(file=file_name)[list(REJECTED_COLUMNS)]
