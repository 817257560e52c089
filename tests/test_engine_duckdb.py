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


def test_json_values_are_the_fields_json_object_writes(tmp_path):
    # Text a CSV writer would quote (commas, quotes, a line break, a tab), a backslash, non-ASCII, NULLs.
    engine = create_engine(threads=2)
    engine.create("rows", """SELECT * FROM (VALUES (1, 'plain', 0.25), (2, 'a, "quoted" \\ text' || chr(10) || 'next' || chr(9) || 'tab', NULL),
                                           (3, 'İstanbul ünlü', 1.0), (4, NULL, 12.5)) t(i, text, x) ORDER BY i DESC""")
    engine.write_jsonl("SELECT i, text, x FROM rows", tmp_path / "rows.jsonl")
    d = engine.dialect
    rows = engine.arrow(f"SELECT {d.json_object({'i': 'i', 'text': 'text', 'x': 'x'})} AS o, {d.json_value('i')} AS i, "
                     f"{d.json_value('text')} AS text, {d.json_value('x')} AS x FROM rows").to_pydict()
    assert rows["text"][0] is None and rows["x"][2] is None  # NULL, not the text null
    spelled = [f'{{"i":{i},"text":{t or "null"},"x":{x or "null"}}}' for i, t, x in zip(rows["i"], rows["text"], rows["x"])]
    assert spelled == rows["o"]
    assert "\n".join(spelled) + "\n" == (tmp_path / "rows.jsonl").read_text()
    assert json.loads(spelled[2])["text"] == 'a, "quoted" \\ text\nnext\ttab'


def test_batches_keep_a_sorted_querys_order():
    engine = create_engine(threads=2)
    engine.create("numbers", "SELECT i FROM range(100000) t(i) ORDER BY hash(i)")
    batches = list(engine.batches("SELECT i FROM numbers ORDER BY i DESC", rows=4096))
    assert len(batches) > 1 and max(b.num_rows for b in batches) <= 4096
    assert [i for b in batches for i in b.column(0).to_pylist()] == list(range(99999, -1, -1))
