"""CSV files written in chunks, with the header a contract spec (or a plain column list) gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

_OPTIONS = pacsv.WriteOptions(include_header=True, quoting_style="needed")


class Sink:
    """One CSV file; rows are appended chunk by chunk and counted, so a row's line number is known."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.columns = columns
        self.schema = pa.schema([(c, pa.string()) for c in columns])
        self._writer = pacsv.CSVWriter(str(path), self.schema, write_options=_OPTIONS)
        self.rows = 0

    def write(self, data: dict[str, object]) -> int:
        """Append rows given as column -> sequence (None = empty cell); returns the first row's line number."""
        missing = set(self.columns) - set(data)
        extra = set(data) - set(self.columns)
        if missing or extra:
            raise ValueError(f"{self.path.name}: columns missing {sorted(missing)}, unexpected {sorted(extra)}")
        arrays = [as_strings(data[c]) for c in self.columns]
        table = pa.Table.from_arrays(arrays, schema=self.schema)
        first = self.rows + 2  # the header is line 1
        self._writer.write_table(table)
        self.rows += table.num_rows
        return first

    def close(self) -> None:
        self._writer.close()

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def as_strings(values: object) -> pa.Array:
    """Any column (Arrow, numpy, list; None = empty) as an Arrow string array."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if values.type == pa.string() else values.cast(pa.string())
    if isinstance(values, np.ndarray) and values.dtype != object:
        return pa.array(values).cast(pa.string())
    try:  # str/None cells convert in C; anything else (dates, numbers) goes through str()
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pa.array([None if v is None or v == "" else str(v) for v in values], type=pa.string())
