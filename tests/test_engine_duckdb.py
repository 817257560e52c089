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


def test_write_lines_of_json_objects_is_write_jsonl(tmp_path):
    # Text a CSV writer would quote (commas, quotes, a line break, a tab), a backslash, non-ASCII, NULLs.
    engine = create_engine(threads=2)
    engine.create("rows", """SELECT * FROM (VALUES (1, 'plain', 0.25), (2, 'a, "quoted" \\ text' || chr(10) || 'next' || chr(9) || 'tab', NULL),
                                           (3, 'İstanbul ünlü', 1.0), (4, NULL, 12.5)) t(i, text, x) ORDER BY i DESC""")
    engine.write_jsonl("SELECT i, text, x FROM rows", tmp_path / "rows.jsonl")
    line = engine.dialect.json_object({"i": "i", "text": "text", "x": "x"})
    engine.write_lines(f"SELECT {line} FROM rows", tmp_path / "rows.lines")
    written = (tmp_path / "rows.lines").read_bytes()
    assert written == (tmp_path / "rows.jsonl").read_bytes()
    assert [json.loads(row)["i"] for row in written.decode().splitlines()] == [4, 3, 2, 1]
    assert json.loads(written.decode().splitlines()[2])["text"] == 'a, "quoted" \\ text\nnext\ttab'
