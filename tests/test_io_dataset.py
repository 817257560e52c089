"""The reader accepts what the contract allows and rejects everything else, row by row."""

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from redtrace.engine import create_engine
from redtrace.io.dataset import DatasetError, clean, read_dataset

BAD = Path(__file__).parent / "data" / "bad_dataset"


@pytest.fixture(scope="module")
def bad():
    engine = create_engine()
    return engine, read_dataset(BAD, engine)


def reasons(result, file):
    rows = result.rejected[result.rejected.file == file]
    return {int(r.row): (r.column, r.reason) for r in rows.itertuples()}


def test_every_input_row_is_accepted_or_rejected(bad):
    engine, result = bad
    for stem, count in result.counts.items():
        lines = sum(1 for _ in (BAD / count.file).open()) - 1
        assert count.input_rows == lines
        assert count.accepted == engine.count(stem)
        assert count.accepted + len(result.rejected[result.rejected.file == count.file]) == lines


def test_party_rejections(bad):
    _, result = bad
    got = reasons(result, "parties.csv")
    assert set(got) == {3, 5, 6}
    assert got[3] == ("incorporated_on", "incorporated_on: not a date in YYYY-MM-DD form: '2015-02-30'")
    assert got[5] == ("", "duplicate party_id 'P3' (first on row 4)")
    column, reason = got[6]
    assert column == "kind"
    assert "kind: not one of company/person: 'robot'" in reason
    assert "country: not an ISO 3166-1 alpha-2 country code: 'XX'" in reason
    assert "employees: must be at least 0: '-1'" in reason


def test_order_rejections_cascade(bad):
    _, result = bad
    got = reasons(result, "orders.csv")
    assert got[3][0] == "buyer_id" and "'P9'" in got[3][1]
    assert got[4] == ("order_date", "order_date: not a date in YYYY-MM-DD form: '2016/03/03'")
    # O4 and O5 had lines, all of them bad: the orders go too.
    assert got[5] == ("", "no accepted order line for order 'O4'")
    assert got[6] == ("", "no accepted order line for order 'O5'")
    assert set(got) == {3, 4, 5, 6}


def test_each_table_is_announced_once_final(bad):
    # Work on a table (the names' screening on parties) starts when it is announced: by then no
    # row of it may be rejected any more. Orders lose their line-less rows after the lines are read.
    engine = create_engine()
    seen = []
    result = read_dataset(BAD, engine, loaded=lambda stem: seen.append((stem, engine.count(stem))))
    assert [stem for stem, _ in seen] == ["parties", "relations", "order_lines", "orders", "items"]
    # The dataset has no relations or items: their tables are empty, and announced all the same.
    assert dict(seen) == {"relations": 0, "items": 0} | {stem: count.accepted for stem, count in result.counts.items()}
    assert result.counts["orders"].accepted < result.counts["orders"].input_rows


def test_line_rejections(bad):
    _, result = bad
    got = reasons(result, "order_lines.csv")
    assert got[3] == ("quantity", "quantity: must be greater than 0: '-5'")
    assert got[4][0] == "order_id" and "'O2'" in got[4][1]
    assert got[5] == ("hs_code", "hs_code: not an HS code of 6 to 10 digits: '76'")
    assert got[6] == ("quantity", "quantity: not a number: 'abc'")
    assert got[7] == ("unit", "unit: not one of kg/t/l/pcs/m/set: 'kgs'")
    assert got[8][0] == "order_id" and "'O9'" in got[8][1]
    assert got[9] == ("", "duplicate order_id/line_no 'O1/1' (first on row 2)")
    assert got[10] == ("", "expected 5 fields, found 4")


def test_canonical_types(bad):
    engine, _ = bad
    parties = engine.table("parties").set_index("party_id")
    assert list(parties.loc["P1", "aliases"]) == ["Acme", "ACME Chem"]
    assert parties.loc["P1", "extra_col"] == "x"  # unknown columns are kept
    lines = engine.table("order_lines")
    assert lines.hs_code.tolist() == ["760310"]  # dots removed
    assert lines.quantity.tolist() == [6000.0]
    assert str(engine.table("orders").order_date[0]) == "2016-03-01"
    assert engine.table("orders").payment_method.tolist() == ["cash"]
    assert engine.count("relations") == 0 and "kind" in engine.columns("relations")


def test_tables_keep_file_order_around_rejected_rows(bad, tmp_path):
    engine, _ = bad
    assert engine.table("parties")._row.tolist() == [2, 4]
    assert engine.table("orders")._row.tolist() == [2]
    # Many rows, every seventh bad, ids not in file order, and orders whose only line is bad.
    n = 20_000
    ids = [f"O{(i * 7919) % n:05d}" for i in range(n)]
    (tmp_path / "parties.csv").write_text("party_id,kind,name\nA,company,X\n")
    (tmp_path / "orders.csv").write_text("order_id,order_date,seller_id,buyer_id,ship_to_country\n" + "".join(
        f"{o},{'2020-01-01' if i % 7 else 'bad'},A,A,TR\n" for i, o in enumerate(ids)))
    (tmp_path / "order_lines.csv").write_text("order_id,line_no,hs_code,quantity,unit\n" + "".join(
        f"{o},1,841111,{'-1' if i % 5 == 0 else '2'},kg\n" for i, o in enumerate(ids)))
    engine = create_engine()
    result = read_dataset(tmp_path, engine)
    kept = [i for i in range(n) if i % 7 and i % 5]
    assert engine.table("orders").order_id.tolist() == [ids[i] for i in kept]
    assert engine.table("order_lines")._row.tolist() == [i + 2 for i in range(n) if i % 5 and i % 7]
    assert result.counts["orders"].accepted == len(kept)
    assert result.counts["orders"].rejected == n - len(kept)


def test_accepted_cells_are_typed_as_checked(tmp_path):
    (tmp_path / "parties.csv").write_text("party_id,kind,name,employees,lat\nA,company,X,12.00,-1.5e1\nB,company,Y,+3,.5\n")
    (tmp_path / "orders.csv").write_text("order_id,order_date,seller_id,buyer_id,ship_to_country\nO,2020-02-29,B,A,sy\n")
    (tmp_path / "order_lines.csv").write_text("order_id,line_no,hs_code,quantity,unit,unit_price\nO,1.0,8411.11,1e3,kg,+2.50\nO,+2,841111,7,kg,0\n")
    engine = create_engine()
    assert read_dataset(tmp_path, engine).rejected.empty
    parties = engine.table("parties")
    assert parties.employees.tolist() == [12, 3] and parties.lat.tolist() == [-15.0, 0.5]
    lines = engine.table("order_lines")
    assert lines.line_no.tolist() == [1, 2]
    assert lines.quantity.tolist() == [1000.0, 7.0] and lines.unit_price.tolist() == [2.5, 0.0]
    assert str(engine.table("orders").order_date[0]) == "2020-02-29"


def test_lower_case_country_is_canonicalised(tmp_path):
    (tmp_path / "parties.csv").write_text("party_id,kind,name,country\nA,Company,X,tr\nB,company,Y,GB\n")
    (tmp_path / "orders.csv").write_text("order_id,order_date,seller_id,buyer_id,ship_to_country\nO,2020-01-01,B,A,sy\n")
    (tmp_path / "order_lines.csv").write_text("order_id,line_no,hs_code,quantity,unit\nO,1,841111,2,PCS\n")
    engine = create_engine()
    result = read_dataset(tmp_path, engine)
    assert result.rejected.empty
    assert engine.table("parties").country.tolist() == ["TR", "GB"]
    assert engine.table("orders").ship_to_country.tolist() == ["SY"]
    assert engine.table("order_lines").unit.tolist() == ["pcs"]


def test_parquet_rows_are_numbered_from_two(tmp_path):
    pq.write_table(pa.table({"party_id": ["A", "B", "A"], "kind": ["company", "person", "company"], "name": ["X", "Y", "Z"]}), tmp_path / "parties.parquet")
    pq.write_table(pa.table({"order_id": ["O"], "order_date": ["2020-01-01"], "seller_id": ["A"], "buyer_id": ["B"], "ship_to_country": ["TR"]}), tmp_path / "orders.parquet")
    pq.write_table(pa.table({"order_id": ["O"], "line_no": [1], "hs_code": ["760310"], "quantity": [1.5], "unit": ["kg"]}), tmp_path / "order_lines.parquet")
    engine = create_engine()
    result = read_dataset(tmp_path, engine)
    assert result.rejected.to_dict("records") == [
        {"file": "parties.parquet", "row": 4, "column": "", "reason": "duplicate party_id 'A' (first on row 2)"}
    ]
    assert engine.table("order_lines").quantity.tolist() == [1.5]


def test_missing_required_file_and_column_are_fatal(tmp_path):
    (tmp_path / "parties.csv").write_text("party_id,name\nA,X\n")
    with pytest.raises(DatasetError, match="orders.csv"):
        read_dataset(tmp_path, create_engine())
    (tmp_path / "orders.csv").write_text("order_id\n")
    (tmp_path / "order_lines.csv").write_text("order_id\n")
    with pytest.raises(DatasetError, match=r"parties.csv: required column\(s\) kind missing"):
        read_dataset(tmp_path, create_engine())


@pytest.mark.parametrize("text, value", [("900", 900), ("900.0", 900), ("+7", 7), ("-3.00", -3),
                                         ("900.5", None), ("1e3", None), ("9 00", None), ("nan", None)])
def test_whole_numbers_as_spreadsheets_write_them(text, value):
    engine = create_engine()
    assert engine.scalar(f"SELECT {engine.dialect.try_integer(repr(text))} AS v") == value


@pytest.mark.parametrize("multiline", [False, True])
def test_malformed_rows_are_numbered_as_records_in_big_files(tmp_path, multiline):
    from redtrace.io.source import read_raw

    rows = ["a,b,c"] + [f"{i},x,y" for i in range(300_000)]
    for k in (5, 1000, 2000, 299_990):
        rows[k] = "7,bad"  # the same text on several rows
    if multiline:  # a quoted value across two lines: rows are records, not lines
        rows.insert(3, '"two\nlines",q,r')
    path = tmp_path / "t.csv"
    path.write_text("\n".join(rows) + "\n")
    raw = read_raw(path)
    shift = 1 if multiline else 0
    assert [row for row, _ in raw.malformed] == [6 + shift, 1001 + shift, 2001 + shift, 299_991 + shift]
    assert raw.input_rows == 300_000 + shift


def test_cells_are_trimmed_of_unicode_spaces_and_blank_cells_are_missing(tmp_path):
    # No-break and ideographic spaces pad cells in spreadsheet exports; a tab is part of the value.
    (tmp_path / "parties.csv").write_text(
        "party_id,kind,name,country,city\n\u00a0A ,company,\u3000X\u2009,\u00a0tr, \n B,company,\tY,GB,\u00a0\u00a0\n C,company, \u00a0 ,GB,\n",
        encoding="utf-8",
    )
    (tmp_path / "orders.csv").write_text("order_id,order_date,seller_id,buyer_id,ship_to_country\nO,2020-01-01,B,A,sy\n")
    (tmp_path / "order_lines.csv").write_text("order_id,line_no,hs_code,quantity,unit\nO,1,841111,2,PCS\n")
    engine = create_engine()
    result = read_dataset(tmp_path, engine)
    parties = engine.table("parties")
    assert parties.party_id.tolist() == ["A", "B"]
    assert parties.name.tolist() == ["X", "\tY"]
    assert parties.country.tolist() == ["TR", "GB"]
    assert parties.city.isna().all()
    assert result.rejected.to_dict("records") == [
        {"file": "parties.csv", "row": 4, "column": "name", "reason": "name: required value is missing"}
    ]


@pytest.mark.parametrize(
    "odd, expected",
    [("c ", "c"), ("\u00a0c", "c"), ("\u3000", None), ("", None), ("é", "é"), ("c", "c")],
)
def test_one_padded_or_blank_cell_among_clean_ones_is_cleaned(odd, expected):
    # Chunks as a parser or a slice leaves them (an offset, nulls), the odd cell in the last one.
    clean_cells = pa.array(["x", None, "yy"] * 500).slice(1)
    cells = pa.chunked_array([clean_cells, pa.array(["z", None, odd])])
    got = clean(cells)
    assert got.to_pylist() == clean_cells.to_pylist() + ["z", None, expected]
    if odd == "c":
        assert got is cells  # nothing to clean: the column is kept as it is


def read_party_cell(tmp_path, column, seller_cell, text):
    """Read a one-order dataset whose seller B has `seller_cell` and third party C `text` in
    `column` (C is on row 4 of parties.csv); the engine and the rejected rows."""
    (tmp_path / "parties.csv").write_text(f"party_id,kind,name,{column}\nA,company,X,\nB,company,Y,{seller_cell}\nC,company,Z,{text}\n")
    (tmp_path / "orders.csv").write_text("order_id,order_date,seller_id,buyer_id,ship_to_country\nO,2020-01-01,B,A,SY\n")
    (tmp_path / "order_lines.csv").write_text("order_id,line_no,hs_code,quantity,unit\nO,1,841111,2,kg\n")
    engine = create_engine()
    return engine, read_dataset(tmp_path, engine).rejected


@pytest.mark.parametrize("text, value", [("2020-02-29", "2020-02-29"), ("0999-01-01", "0999-01-01"), ("2021-02-29", None),
                                         ("99999-01-01", None), ("infinity", None), ("2020-2-9", None), ("+2020-02-09", None)])
def test_a_date_is_a_real_calendar_day_written_yyyy_mm_dd(tmp_path, text, value):
    engine, rejected = read_party_cell(tmp_path, "incorporated_on", "", text)
    if value is None:
        assert rejected[["row", "column", "reason"]].to_dict("records") == [
            {"row": 4, "column": "incorporated_on", "reason": f"incorporated_on: not a date in YYYY-MM-DD form: '{text}'"}]
    else:
        assert rejected.empty and engine.scalar("SELECT CAST(incorporated_on AS STRING) FROM parties WHERE party_id = 'C'") == value


@pytest.mark.parametrize("text, value", [("17", 17), ("-0", 0), ("+5", 5), ("007", 7), ("5.00", 5), ("1e3", None), ("5.5", None),
                                         ("99999999999999999999", None)])
def test_a_whole_number_is_read_however_it_is_written(tmp_path, text, value):
    engine, rejected = read_party_cell(tmp_path, "employees", "1", text)
    if value is None:
        assert rejected[["row", "column", "reason"]].to_dict("records") == [
            {"row": 4, "column": "employees", "reason": f"employees: not a whole number: '{text}'"}]
    else:
        assert rejected.empty and engine.scalar("SELECT employees FROM parties WHERE party_id = 'C'") == value
