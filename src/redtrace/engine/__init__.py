"""Engines run the pipeline's SQL. DuckDB is the embedded default; nothing outside this package
knows which engine runs.

A stage takes an `Engine` and table names and creates tables. SQL handed to an engine is written
in the portable subset both DuckDB and Spark SQL understand; where they differ, the stage asks the
engine's `dialect` for the expression instead of spelling it out.
"""

from redtrace.engine.base import Dialect, Engine
from redtrace.engine.duckdb import DuckDBEngine


ENGINES = ("duckdb", "spark")


def create_engine(name: str = "duckdb", **options) -> Engine:
    """`options` go to the engine's constructor (DuckDBEngine, SparkEngine)."""
    if name == "duckdb":
        return DuckDBEngine(**options)
    if name == "spark":
        # Imported here: pyspark is an optional extra and starts a JVM.
        from redtrace.engine.spark import SparkEngine

        return SparkEngine(**options)
    raise ValueError(f"unknown engine {name!r}; available: {', '.join(ENGINES)}")


__all__ = ["ENGINES", "Dialect", "Engine", "DuckDBEngine", "create_engine"]
