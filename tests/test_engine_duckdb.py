import json

from redtrace.engine import create_engine


def test_write_jsonl_keeps_a_sorted_tables_order_and_the_thread_setting(tmp_path):
    engine = create_engine(threads=2)
    engine.create("numbers", "SELECT i, 'row ' || i AS text FROM range(300000) t(i) ORDER BY i DESC")
    engine.write_jsonl("SELECT i, text FROM numbers", tmp_path / "out.jsonl")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["i"] for r in rows] == list(range(299999, -1, -1))
    assert rows[0]["text"] == "row 299999"
    assert engine.con.execute("SELECT current_setting('threads')").fetchone()[0] == 2
