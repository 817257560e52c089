"""Read the reference tables shipped in ``reference/data/*.csv``.

Every cell is read as text so codes keep their leading zeros ("01", "0811") and an empty cell
stays an empty string; only the few numeric columns are converted. Each file is parsed once per
process; callers get a copy so a caller that edits its frame cannot corrupt everyone else's.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import pandas as pd

NAMES = (
    "precursors",
    "drone_components",
    "chpl",
    "controlled_goods",
    "nace_classes",
    "activity_goods_prior",
    "places",
    "indicators",
    "generic_end_use",
    "precursor_combinations",
    "activity_kinds",
    "activity_terms",
)

_NUMERIC = {
    "precursors": ("severity",),
    "drone_components": ("severity",),
    "controlled_goods": ("severity",),
    "places": ("weight",),
}


def data_path(name: str):
    """The packaged CSV for ``name`` (a Traversable; usable with ``open``)."""
    if name not in NAMES:
        raise KeyError(f"unknown reference table {name!r}; known: {', '.join(NAMES)}")
    return files("redtrace.reference").joinpath("data").joinpath(f"{name}.csv")


@lru_cache(maxsize=None)
def _read(name: str) -> pd.DataFrame:
    with data_path(name).open("r", encoding="utf-8", newline="") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    for col in _NUMERIC.get(name, ()):
        df[col] = df[col].astype(float)
    return df


def load(name: str) -> pd.DataFrame:
    """The reference table ``name`` (one of ``NAMES``) as a DataFrame."""
    return _read(name).copy()
