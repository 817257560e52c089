"""The data contract as types (see contract.py)."""

from redtrace.model.contract import DATASET_FILES, SPECS, Column, FileSpec, Kind

__all__ = ["DATASET_FILES", "SPECS", "Column", "FileSpec", "Kind"]
