"""Apache Spark: the same pipeline over data too large for one machine.

Tables are Spark temporary views. Every `create` (and `read_file`) materialises its result with a
local checkpoint, so a later stage reads stored blocks instead of recomputing the whole lineage,
and plans stay one stage deep however long the pipeline is.

The session is configured so the portable SQL means the same as in DuckDB: ANSI mode with
double-quoted identifiers (`"column"` is a column, not a string), JSON output that keeps nulls,
and Arrow for every transfer between Python and the JVM.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from redtrace.engine.base import Dialect, Engine

MASTER_ENV = "REDTRACE_SPARK_MASTER"
DEFAULT_MASTER = "local[*]"

# Settings without which the portable SQL would mean something else on Spark.
SQL_SETTINGS = {
    "spark.sql.ansi.enabled": "true",
    "spark.sql.ansi.doubleQuotedIdentifiers": "true",
    "spark.sql.jsonGenerator.ignoreNullFields": "false",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.execution.arrow.pyspark.fallback.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
}

# Settings for a single machine (two cores in CI): loopback networking, no web UI, few shuffle
# partitions (the default 200 costs more in task overhead than the data takes to shuffle).
LOCAL_SETTINGS = {
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.ui.enabled": "false",
    # The CLI draws its own progress; Spark's bar would interleave with it on stderr.
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.driver.memory": "4g",
}


def _quote(text: str) -> str:
    # A backslash escapes in Spark literals, not in DuckDB's; '' is a quote in both.
    # (spark.sql.parser.escapedStringLiterals would make backslashes plain, but then '' no longer
    # reads as a quote.)
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


class SparkDialect(Dialect):
    def regex_full_match(self, expr: str, pattern: str) -> str:
        return f"({expr} RLIKE {_quote('^(?:' + pattern + ')$')})"

    def try_number(self, expr: str) -> str:
        return f"CASE WHEN {self.regex_full_match(expr, self.NUMBER)} THEN try_cast({expr} AS DOUBLE) END"

    def try_integer(self, expr: str) -> str:
        return f"CASE WHEN {self.regex_full_match(expr, self.INTEGER)} THEN try_cast(regexp_replace({expr}, '[.]0*$', '') AS BIGINT) END"

    def try_date(self, expr: str) -> str:
        # try_cast alone would also accept '2024-1-5' and '2024-01-05T10:00'.
        return f"CASE WHEN {self.regex_full_match(expr, self.ISO_DATE)} THEN try_cast({expr} AS DATE) END"

    def split_list(self, expr: str, separator: str) -> str:
        # split() takes a regular expression.
        return f"filter(transform(split({expr}, {_quote(re.escape(separator))}), x -> trim(x)), x -> x <> '')"

    def date_diff_days(self, start: str, end: str) -> str:
        return f"datediff({end}, {start})"

    def distinct_list(self, expr: str) -> str:
        return f"array_sort(collect_set({expr}))"

    def text_list_type(self) -> str:
        return "ARRAY<STRING>"

    def top_mean(self, expr: str, n: int) -> str:
        top = f"slice(sort_array(collect_list({expr}), false), 1, {int(n)})"
        return f"aggregate({top}, CAST(0 AS DOUBLE), (a, v) -> a + v) / nullif(least(count({expr}), {int(n)}), 0)"

    def string_agg(self, expr: str, separator: str) -> str:
        return f"array_join({self.distinct_list(expr)}, {_quote(separator)})"

    def json_object(self, fields: dict[str, str]) -> str:
        return f"to_json(named_struct({', '.join(f'{_quote(name)}, {expr}' for name, expr in fields.items())}))"

    def json_value(self, expr: str) -> str:
        # to_json takes structs only: the value's field, cut out of {"v":...}
        field = self.json_object({"v": expr})
        return f"CASE WHEN ({expr}) IS NOT NULL THEN substr({field}, 6, length({field}) - 6) END"


def _spark_types(table: pa.Table) -> pa.Table:
    """Arrow types Spark cannot take: all-null columns (pandas object columns of None) and large strings."""
    fields = []
    for f in table.schema:
        if pa.types.is_null(f.type) or pa.types.is_large_string(f.type):
            f = f.with_type(pa.string())
        elif pa.types.is_large_list(f.type):
            f = f.with_type(pa.list_(f.type.value_type))
        fields.append(f)
    return table.cast(pa.schema(fields))


class SparkEngine(Engine):
    name = "spark"

    def __init__(self, master: str | None = None, session=None, app_name: str = "redtrace", config: dict[str, str] | None = None):
        """`session`: an existing SparkSession (spark-submit, notebooks); otherwise one is started on
        `master`, else $REDTRACE_SPARK_MASTER, else the master spark-submit configured, else local[*]."""
        # pyspark warns about pandas 3 on every start; data crosses as Arrow tables, never through
        # pyspark's pandas conversion, and tests/test_engine_spark.py checks the round trip.
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
        from pyspark.sql import SparkSession

        if session is None:
            master = master or os.environ.get(MASTER_ENV)
            # Under spark-submit the Python driver talks to a JVM spark-submit started, whose
            # configuration holds the master; a SparkConf made here cannot see it yet.
            if not master and "PYSPARK_GATEWAY_PORT" not in os.environ:
                master = DEFAULT_MASTER
            builder = SparkSession.builder.appName(app_name)
            settings = dict(SQL_SETTINGS)
            if master:
                builder = builder.master(master)
                if master.startswith("local"):
                    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
                    settings = {**LOCAL_SETTINGS, **settings}
            for key, value in {**settings, **(config or {})}.items():
                builder = builder.config(key, value)
            session = builder.getOrCreate()
        for key, value in SQL_SETTINGS.items():
            session.conf.set(key, value)
        # Failed queries raise in Python with Spark's message; the JVM's own ERROR log of each
        # would repeat the whole stack trace on stderr.
        session.sparkContext.setLogLevel("FATAL")
        self.spark = session
        self.dialect = SparkDialect()
        self._tables: dict = {}

    def _name(self, name: str, frame) -> None:
        frame.createOrReplaceTempView(name)
        self._tables[name] = frame

    def register(self, name: str, data: pa.Table | pd.DataFrame, copy: bool = True) -> None:
        # Always a copy into the JVM, as Arrow batches; not checkpointed: there is no lineage to
        # cut, and a checkpoint would cost one Spark job per registered table.
        table = pa.Table.from_pandas(data, preserve_index=False) if isinstance(data, pd.DataFrame) else data
        self._name(name, self.spark.createDataFrame(_spark_types(table)))

    def create(self, name: str, query: str) -> None:
        self._name(name, self.spark.sql(query).localCheckpoint(eager=True))

    def arrow(self, query: str) -> pa.Table:
        return self.spark.sql(query).toArrow()

    def read_file(self, name: str, path: Path) -> None:
        self._name(name, self.spark.read.parquet(str(path)).localCheckpoint(eager=True))

    def write_csv(self, query: str, path: Path) -> None:
        # Outputs are one file each, as the contract lists them, so they are written by the driver.
        # (pyarrow quotes every text value, where DuckDB quotes only when needed: the same CSV.)
        pacsv.write_csv(self.arrow(query), path)

    def write_jsonl(self, query: str, path: Path) -> None:
        lines = self.arrow(f"SELECT to_json(struct(*)) AS line FROM ({query}) AS q")["line"].to_pylist()
        Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")

    def drop(self, *names: str) -> None:
        for name in names:
            frame = self._tables.pop(name, None)
            if frame is not None:
                self.spark.catalog.dropTempView(name)
                frame.unpersist()

    def has(self, name: str) -> bool:
        return self.spark.catalog.tableExists(name)

    def tables(self) -> set[str]:
        return {t.name for t in self.spark.catalog.listTables()}

    def columns(self, name: str) -> list[str]:
        return self.spark.table(name).columns
