"""The Spark engine means what DuckDB means: every Dialect method gives the same known answers on
both engines, and screening a synthetic world gives the same scores, decisions and rejections."""

import csv
import datetime as dt
import json
import shutil

import pandas as pd
import pytest

from redtrace.engine import DuckDBEngine, create_engine
from redtrace.pipeline import screen
from redtrace.synth import SynthConfig, generate

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
if shutil.which("java") is None:
    pytest.skip("no Java runtime on PATH (Spark needs Java 17+)", allow_module_level=True)


@pytest.fixture(scope="session")
def spark_engine():
    # One JVM for the whole test session: starting Spark takes 10-30 s.
    return create_engine("spark", master="local[2]")


@pytest.fixture(params=["duckdb", "spark"])
def engine(request):
    return DuckDBEngine() if request.param == "duckdb" else request.getfixturevalue("spark_engine")


def value_of(engine, expr: str, text: str | None):
    """`expr` evaluated with `x` bound to the text `text`."""
    literal = "CAST(NULL AS STRING)" if text is None else "'" + text.replace("'", "''") + "'"
    return engine.scalar(f"SELECT {expr} AS v FROM (SELECT {literal} AS x) AS t")


@pytest.mark.parametrize(
    "pattern, text, expected",
    [("[a-c]+", "abc", True), ("[a-c]+", "abcd", False), ("[a-c]+", "xabc", False), ("a|b", "ab", False),
     ("[0-9]{3}", "123", True), (r"\d+[.]\d", "12.5", True)],
)
def test_regex_full_match(engine, pattern, text, expected):
    assert value_of(engine, engine.dialect.regex_full_match("x", pattern), text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [("12.5", 12.5), ("-3", -3.0), ("+4", 4.0), ("1e3", 1000.0), (".5", 0.5), ("5.", 5.0),
     ("1,5", None), ("nan", None), ("inf", None), ("1_000", None), ("0x10", None), ("abc", None), (None, None)],
)
def test_try_number(engine, text, expected):
    assert value_of(engine, engine.dialect.try_number("x"), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("42", 42), ("-7", -7), ("900.0", 900), ("900.", 900), ("1.5", None), ("1e3", None),
     ("9223372036854775808", None), ("12 apples", None), (None, None)],
)
def test_try_integer(engine, text, expected):
    assert value_of(engine, engine.dialect.try_integer("x"), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("2024-02-29", dt.date(2024, 2, 29)), ("2023-02-29", None), ("2024-13-01", None), ("2024-1-5", None),
     ("2024-01-05T10:00", None), ("05/01/2024", None), (None, None)],
)
def test_try_date(engine, text, expected):
    assert value_of(engine, engine.dialect.try_date("x"), text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [(" a ; b;;c ", ["a", "b", "c"]), ("one", ["one"]), ("", []), (" ; ", []), ("a|b;c", ["a|b", "c"])],
)
def test_split_list(engine, text, expected):
    assert value_of(engine, engine.dialect.split_list("x", ";"), text) == expected


def test_split_list_separator_is_literal(engine):
    assert value_of(engine, engine.dialect.split_list("x", "|"), "a|b.c") == ["a", "b.c"]


@pytest.mark.parametrize("start, end, expected", [("2024-01-01", "2024-03-01", 60), ("2024-03-01", "2024-01-01", -60), ("2024-05-05", "2024-05-05", 0)])
def test_date_diff_days(engine, start, end, expected):
    expr = engine.dialect.date_diff_days(f"CAST('{start}' AS DATE)", f"CAST('{end}' AS DATE)")
    assert engine.scalar(f"SELECT {expr} AS v") == expected


@pytest.fixture
def groups(engine):
    engine.register(
        "agg_input",
        pd.DataFrame({"g": ["x", "x", "x", "x", "y", "z"], "v": ["b", "a", "b", None, "c", None]}).astype("string"),
    )
    return engine


def test_string_agg(groups):
    expr = groups.dialect.string_agg("v", "; ")
    rows = groups.df(f"SELECT g, {expr} AS s FROM agg_input GROUP BY g ORDER BY g")
    assert rows.s.tolist() == ["a; b", "c", ""]


def test_distinct_list(groups):
    expr = groups.dialect.distinct_list("v")
    rows = groups.df(f"SELECT g, {expr} AS s FROM agg_input GROUP BY g ORDER BY g")
    assert [list(s) for s in rows.s] == [["a", "b"], ["c"], []]


def test_top_mean(engine):
    # x: the three largest of five, a repeat counting twice; y: fewer than three; z: none.
    engine.register("top_input", pd.DataFrame({"g": list("xxxxxyyz"), "v": [1.0, 4.0, 2.0, 4.0, None, 0.5, 0.25, None]}))
    rows = engine.df(f"SELECT g, {engine.dialect.top_mean('v', 3)} AS m FROM top_input GROUP BY g ORDER BY g")
    assert rows.m.tolist()[:2] == [pytest.approx(10 / 3), pytest.approx(0.375)]
    assert pd.isna(rows.m.iloc[2])


@pytest.mark.parametrize("text", ["plain", "it's", 'a "quoted" word', "a\\b", "ends in \\", "\\\\n"])
def test_a_literal_reads_as_its_text(engine, text):
    from redtrace.io.validate import q

    assert engine.scalar(f"SELECT {q(text)} AS v") == text


def test_json_values_of_texts_with_quotes_and_backslashes_in_batches_in_order(engine):
    from redtrace.io.validate import q

    texts = ['say "hold"', "C:\\path", "line\\nbreak", "İstanbul", None]
    rows = " UNION ALL ".join(f"SELECT {i} AS i, {'CAST(NULL AS STRING)' if t is None else q(t)} AS text" for i, t in enumerate(texts))
    d = engine.dialect
    batches = list(engine.batches(f"SELECT {d.json_object({'i': 'i', 'text': 'text'})} AS o, {d.json_value('text')} AS v "
                                  f"FROM ({rows}) AS r ORDER BY i DESC", rows=2))
    got = [r for b in batches for r in b.to_pylist()][::-1]
    assert len(batches) == 3
    assert [r["v"] for r in got] == [json.dumps(t, ensure_ascii=False) for t in texts[:-1]] + [None]
    assert [json.loads(r["o"]) for r in got[:-1]] == [{"i": i, "text": t} for i, t in enumerate(texts[:-1])]
    assert [r["o"] for r in got[:-1]] == ['{"i":%d,"text":%s}' % (i, r["v"]) for i, r in enumerate(got[:-1])]


def test_text_list_type(engine):
    assert engine.scalar(f"SELECT CAST(NULL AS {engine.dialect.text_list_type()}) AS v") is None
    assert engine.arrow(f"SELECT CAST(NULL AS {engine.dialect.text_list_type()}) AS v").schema.field("v").type.value_type == "string"


def test_tables_round_trip(engine):
    frame = pd.DataFrame({"id": ["a", "b"], "n": [1.5, None], "tags": [["x", "y"], []]})
    engine.register("round_trip", frame)
    engine.create("round_trip_2", "SELECT id, n * 2 AS n2, tags FROM round_trip WHERE id <> 'zz'")
    assert engine.has("round_trip_2") and engine.columns("round_trip_2") == ["id", "n2", "tags"]
    back = engine.df("SELECT * FROM round_trip_2 ORDER BY id")
    assert back.id.tolist() == ["a", "b"] and back.n2.iloc[0] == 3.0 and pd.isna(back.n2.iloc[1])
    assert [list(t) for t in back.tags] == [["x", "y"], []]
    engine.drop("round_trip_2")
    assert not engine.has("round_trip_2")


def test_append_adds_a_querys_rows_to_a_table(engine):
    engine.register("appended", pd.DataFrame({"id": ["a", "b"], "n": [1.0, 2.0]}))
    engine.append("appended", "SELECT id, n * 10 AS n FROM appended WHERE id = 'a'")
    assert engine.df("SELECT id, n FROM appended ORDER BY n").values.tolist() == [["a", 1.0], ["b", 2.0], ["a", 10.0]]


def test_read_file_and_write_outputs(engine, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"id": ["a", "b"], "n": [1.5, None], "tags": [["x"], []]}), tmp_path / "in.parquet")
    engine.read_file("from_parquet", tmp_path / "in.parquet")
    engine.write_csv("SELECT id, n FROM from_parquet ORDER BY id", tmp_path / "out.csv")
    engine.write_jsonl("SELECT id, n, tags FROM from_parquet ORDER BY id", tmp_path / "out.jsonl")
    with (tmp_path / "out.csv").open(newline="") as handle:
        assert list(csv.reader(handle)) == [["id", "n"], ["a", "1.5"], ["b", ""]]
    assert [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()] == [
        {"id": "a", "n": 1.5, "tags": ["x"]},
        {"id": "b", "n": None, "tags": []},
    ]


@pytest.fixture(scope="module")
def screened(tmp_path_factory, spark_engine):
    root = tmp_path_factory.mktemp("engines")
    generate(root / "w", SynthConfig(orders=2000, seed=3))
    args = (root / "w" / "dataset",)
    watchlists = [root / "w" / "watchlist.csv"]
    duck = screen(*args, root / "duckdb", watchlists, engine=create_engine("duckdb"))
    spark = screen(*args, root / "spark", watchlists, engine=spark_engine)
    return root, duck, spark


def test_same_scores_and_decisions(screened):
    root, _, _ = screened
    duck, spark = (pd.read_csv(root / e / "orders_scored.csv", dtype={"order_id": str}) for e in ("duckdb", "spark"))
    assert len(duck) > 1000 and (duck.decision != "clear").sum() > 0
    joined = duck.merge(spark, on="order_id", how="outer", suffixes=("_d", "_s"), indicator=True)
    assert (joined._merge == "both").all()
    assert (joined.score_d - joined.score_s).abs().max() <= 1e-6
    assert (joined.decision_d == joined.decision_s).all()


def test_same_row_accounting(screened):
    _, duck, spark = screened
    assert {k: (c.input_rows, c.accepted) for k, c in duck.read.counts.items()} == {
        k: (c.input_rows, c.accepted) for k, c in spark.read.counts.items()
    }
    assert duck.decisions == spark.decisions


def test_same_rejected_rows(screened):
    root, _, _ = screened
    duck, spark = (pd.read_csv(root / e / "rejected.csv", dtype=str) for e in ("duckdb", "spark"))
    assert len(duck) > 0
    pd.testing.assert_frame_equal(duck, spark)
