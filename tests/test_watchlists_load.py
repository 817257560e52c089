"""Watchlist loaders on real OFAC rows, FtM round trip, the simple CSV and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from redtrace.io.ftm import write_ftm
from redtrace.io.watchlists import (
    WatchlistError,
    detect_format,
    load_watchlist,
    load_watchlists,
    parse_sdn_date,
    parse_sdn_remarks,
)

SDN = Path("/work/shared/data/ofac-sdn-2024-05-03.csv")
# Real rows from the 2024-05-03 list, picked for aliases, several DOBs, Linked To, vessels.
SDN_IDS = ("2674", "2686", "4243", "4632", "7916", "10481", "4108")


@pytest.fixture(scope="module")
def sdn_excerpt(tmp_path_factory) -> Path:
    lines = [line for line in SDN.read_bytes().split(b"\r\n") if line.split(b",", 1)[0] in {i.encode() for i in SDN_IDS}]
    path = tmp_path_factory.mktemp("sdn") / "sdn.csv"
    path.write_bytes(b"\r\n".join(lines) + b"\r\n\x1a")  # keep Treasury's Ctrl-Z end mark
    return path


@pytest.fixture(scope="module")
def sdn(sdn_excerpt):
    return {e.entry_id: e for e in load_watchlist(sdn_excerpt).entries}


def test_sdn_excerpt_loads_every_row(sdn_excerpt, sdn):
    assert detect_format(sdn_excerpt) == "sdn"
    assert sorted(sdn) == sorted(SDN_IDS)


def test_sdn_person_with_several_dobs_and_link(sdn):
    e = sdn["2686"]
    assert (e.name, e.kind, e.list_name) == ("NASRALLAH, Hasan", "person", "OFAC SDN")
    assert e.program == "SDGT;SYRIA"
    assert e.birth_dates == ("1960-08-31", "1953-08-31", "1955-08-31", "1958-08-31")
    assert e.birth_places == ("Al Basuriyah, Lebanon",)
    assert e.linked_to == ("HIZBALLAH",)


def test_sdn_aliases_kinds_and_flags(sdn):
    assert sdn["4243"].kind == "vessel"
    assert sdn["4243"].aliases == ("ANA I", "SAND SWAN")  # f.k.a.
    assert sdn["4243"].countries == ("PA",)  # vessel flag Panama
    assert sdn["7916"].kind == "company"
    assert sdn["7916"].aliases == ("CBSP",)
    assert sdn["4632"].linked_to == ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE", "HIZBALLAH")
    assert sdn["10481"].countries == ("IR",)
    assert sdn["10481"].birth_dates == ("1957-03-11",)
    assert sdn["4108"].aliases[:3] == ("EL SENOR", "PATRICIA", "PATRICIO")
    assert sdn["4108"].birth_dates == ("1943-11-23", "1943-07-15")


def test_remarks_parsing_details():
    r = parse_sdn_remarks(
        "a.k.a. 'SHAYKH 'UMAR'; f.k.a. 'OLD NAME; LTD'; DOB circa 1979-1982; POB Giza, Egypt; "
        "nationality Korea, North; alt. nationality possibly Iran; Linked To: FOO BAR."
    )
    assert r.aliases == ["SHAYKH 'UMAR", "OLD NAME; LTD"]
    assert r.birth_dates == ["1979", "1980", "1981", "1982"]
    assert r.birth_places == ["Giza, Egypt"]
    assert r.countries == ["KP", "IR"]
    assert r.linked_to == ["FOO BAR"]
    assert parse_sdn_date("Feb 1970") == ["1970-02"]
    assert parse_sdn_date("31 Feb 1970") == []


def test_bad_sdn_rows_are_counted_with_row_and_column(tmp_path):
    path = tmp_path / "sdn_bad.csv"
    path.write_text(
        '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        'x1,"BROKEN",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        '37,"SHORT ROW",-0- ,"CUBA"\n'
        '38,"ODD TYPE","spaceship","CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    )
    wl = load_watchlists([path], format="sdn")
    assert [e.entry_id for e in wl.entries] == ["36"]
    assert [(i.row, i.column) for i in wl.errors] == [(2, "ent_num"), (3, ""), (4, "type")]
    assert "sdn_bad.csv: row 4, column type" in str(wl.errors[2])


def test_full_sdn_list_loads_without_errors():
    wl = load_watchlists([SDN])
    assert len(wl) == 14965 and not wl.errors
    assert sum(len(e.aliases) for e in wl.entries) > 3600
    # The cut-off remarks are reported, not silently lost.
    assert {w.column for w in wl.warnings} == {"remarks"}


def test_simple_csv_and_several_lists(tmp_path, sdn_excerpt):
    path = tmp_path / "mylist.csv"
    path.write_text(
        "entry_id,kind,name,aliases,country,birth_date,program,list_name\n"
        "A1,company,Golden Star Trading LLC,GST;Golden Star,ae,,EXPORT,UK OFSI\n"
        "A2,person,Ivan Petrov,,RU;BY,1970-05-01,RUSSIA,\n"
        "A3,robot,Bad Kind,,,,,\n"
        "A4,person,Bad Country,,XX,,,\n"
        "A5,person,Bad Date,,,1970-13-01,,\n"
        "A1,company,Duplicate,,,,,UK OFSI\n"
    )
    wl = load_watchlists([sdn_excerpt, path])
    assert wl.files == {"sdn.csv": "sdn", "mylist.csv": "csv"}
    assert wl.counts() == {"OFAC SDN": len(SDN_IDS), "UK OFSI": 1, "mylist": 1}
    a1 = next(e for e in wl.entries if e.entry_id == "A1")
    assert a1.aliases == ("GST", "Golden Star") and a1.countries == ("AE",) and a1.program == "EXPORT"
    a2 = next(e for e in wl.entries if e.entry_id == "A2")
    assert a2.countries == ("RU", "BY") and a2.birth_dates == ("1970-05-01",)
    assert [(i.row, i.column) for i in wl.errors] == [(4, "kind"), (5, "country"), (6, "birth_date"), (7, "entry_id")]


def test_ftm_round_trip(tmp_path, sdn_excerpt):
    original = load_watchlist(sdn_excerpt)
    path = tmp_path / "entities.jsonl"
    assert write_ftm(original, path) == len(original)
    back = load_watchlist(path)
    assert back.files == {"entities.jsonl": "ftm"}

    def fields(e):
        return (e.entry_id, e.list_name, e.program, e.kind, e.name, e.aliases, e.countries, e.birth_dates)

    assert [fields(e) for e in back.entries] == [fields(e) for e in original.entries]


def test_ftm_skips_non_parties_and_reports_bad_lines(tmp_path):
    path = tmp_path / "os.json"
    path.write_text(
        '{"id": "NK-1", "schema": "Company", "properties": {"name": ["Acme OOO"], "jurisdiction": ["ru"]}, "datasets": ["ru_list"]}\n'
        '{"id": "addr-1", "schema": "Address", "properties": {"full": ["Moscow"]}}\n'
        "{not json\n"
        '{"id": "NK-2", "schema": "Person", "properties": {}}\n'
    )
    wl = load_watchlist(path)
    assert [(e.entry_id, e.kind, e.countries, e.list_name) for e in wl.entries] == [("NK-1", "company", ("RU",), "ru_list")]
    assert [(i.row, i.column) for i in wl.errors] == [(3, ""), (4, "properties.name")]


def test_unknown_format_and_missing_file(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("foo,bar\n1,2\n")
    with pytest.raises(WatchlistError, match="cannot tell the watchlist format"):
        load_watchlist(path)
    with pytest.raises(WatchlistError, match="no such watchlist file"):
        load_watchlist(tmp_path / "nope.csv")
    with pytest.raises(WatchlistError, match="unknown watchlist format"):
        load_watchlist(path, format="xml")
