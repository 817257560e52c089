"""Reading one input file of a dataset as text, exactly as given, with each row's number.

Every cell comes back as a string (or null when empty) so that validation, not the parser,
decides what a bad value is and says so. Row numbers follow the contract: the header is row 1,
the first data row is row 2; for Parquet, row index + 2.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROW = "_row"  # the column holding each row's number in its file


class DatasetError(ValueError):
    """The dataset cannot be read at all (a missing required file or column, unreadable bytes)."""


@dataclass
class RawFile:
    path: Path
    table: pa.Table  # all-string columns, plus ROW
    # Rows the parser could not split into the header's columns: (row, reason).
    malformed: list[tuple[int, str]] = field(default_factory=list)

    @property
    def input_rows(self) -> int:
        return self.table.num_rows + len(self.malformed)


def find_file(folder: Path, stem: str) -> Path | None:
    candidates = [p for p in (folder / f"{stem}.csv", folder / f"{stem}.parquet") if p.exists()]
    if len(candidates) > 1:
        raise DatasetError(f"{folder}: both {stem}.csv and {stem}.parquet exist; keep one")
    return candidates[0] if candidates else None


def read_raw(path: Path) -> RawFile:
    if path.suffix == ".parquet":
        return _read_parquet(path)
    return _read_csv(path)


def _read_parquet(path: Path) -> RawFile:
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for unreadable files
        raise DatasetError(f"{path.name}: not a readable Parquet file ({exc})") from exc
    columns = {name: _as_text(table.column(name)) for name in table.column_names}
    columns[ROW] = pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64))
    return RawFile(path, pa.table(columns))


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column.cast(pa.string())
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        # A list cell stands for the contract's ';'-separated text.
        return pc.binary_join(column.cast(pa.list_(pa.string())), ";")
    return column.cast(pa.string())


def _header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle))
        except StopIteration:
            raise DatasetError(f"{path.name}: the file is empty (no header row)") from None
        except UnicodeDecodeError as exc:
            raise DatasetError(f"{path.name}: not UTF-8 text ({exc})") from exc
    names = [h.strip() for h in header]
    seen: set[str] = set()
    for name in names:
        if not name:
            raise DatasetError(f"{path.name}: row 1 has an empty column name")
        if name in seen:
            raise DatasetError(f"{path.name}: row 1 names column {name!r} twice")
        seen.add(name)
    return names


def _read_csv(path: Path) -> RawFile:
    names = _header(path)
    table, malformed = _parse_csv(path, names, use_threads=True)
    if malformed:
        numbered = _number_rows(path, malformed, table.num_rows + len(malformed))
        # Only the single-threaded parser always knows the row numbers of rows it could not
        # split; it reads at a fraction of the speed, so it is the fallback.
        table, malformed = (table, numbered) if numbered else _parse_csv(path, names, use_threads=False)
    bad_rows = np.array(sorted(row for row, _ in malformed), dtype=np.int64)
    all_rows = np.arange(2, table.num_rows + len(bad_rows) + 2, dtype=np.int64)
    good_rows = np.setdiff1d(all_rows, bad_rows, assume_unique=True)
    return RawFile(path, table.append_column(ROW, pa.array(good_rows)), malformed)


def _number_rows(path: Path, malformed: list[tuple[int | str, str]], records: int) -> list[tuple[int, str]] | None:
    """Row numbers of the rows the threaded parser could not split: as it numbered them, or found
    by their text in the file (each a whole line, in file order for repeated texts). None when
    any cannot be placed, or when lines are not records (a quoted value spanning lines, a blank
    line), since row numbers count records."""
    known = [(where, reason) for where, reason in malformed if isinstance(where, int)]
    if len(known) == len(malformed):
        return known
    data = path.read_bytes()
    if data.count(b"\n") + (not data.endswith(b"\n")) != records + 1:
        return None
    by_text: dict[bytes, list[str]] = {}
    for where, reason in malformed:
        if not isinstance(where, int):
            by_text.setdefault(where.encode("utf-8"), []).append(reason)
    found: list[tuple[int, str]] = []
    for text, reasons in by_text.items():
        at = -1
        for reason in reasons:
            while True:
                at = data.find(text, at + 1)
                if at < 0:
                    return None
                whole = (at == 0 or data[at - 1] == 0x0A) and data[at + len(text): at + len(text) + 1] in (b"", b"\n", b"\r")
                if whole:
                    break
            found.append((at, reason))
    found.sort()
    numbered, line, last = [], 1, 0
    for at, reason in found:
        line += data.count(b"\n", last, at)
        last = at
        numbered.append((line, reason))
    return sorted(known + numbered)


def _block_size(path: Path) -> int:
    """The whole file as one block (up to 1 GiB). Cut into blocks, the parser first finds where
    rows end in each, a second pass over quoted text, and the table comes back in pieces that
    are then copied into one (`dataset._one_chunk`): together about a fifth of the CPU of
    reading a file (300k orders), for a parse split over threads that the engine's threads
    and the name screening keep busy anyway."""
    return max(1 << 16, min(path.stat().st_size + 1, 1 << 30))


def _parse_csv(path: Path, names: list[str], use_threads: bool) -> tuple[pa.Table, list[tuple[int, str]]]:
    malformed: list[tuple[int, str]] = []

    def on_invalid(row) -> str:
        # The threaded parser does not know row numbers: it keeps the row's text to find it by.
        where = row.number if row.number is not None else row.text
        malformed.append((where, f"expected {row.expected_columns} fields, found {row.actual_columns}"))
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, use_threads=use_threads, block_size=_block_size(path)),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=True, null_values=[""]
            ),
        )
    except pa.ArrowInvalid as exc:
        raise DatasetError(f"{path.name}: cannot be parsed as UTF-8 CSV ({exc})") from exc
    # The single-threaded parser numbers records counting the header as 1, as the contract does.
    return table, malformed
