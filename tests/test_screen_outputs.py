"""`redtrace screen` writes exactly the contract's outputs, one row per accepted order and party."""

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from redtrace.cli import app, load_commands
from redtrace.engine import create_engine
from redtrace.pipeline import screen

BAD = Path(__file__).parent / "data" / "bad_dataset"


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    out = tmp_path_factory.mktemp("screen")
    engine = create_engine()
    return screen(BAD, out, engine=engine), engine, out


def test_outputs_exist_with_contract_columns(screened):
    _, _, out = screened
    assert sorted(p.name for p in out.iterdir()) == ["flags.jsonl", "orders_scored.csv", "parties_scored.csv", "rejected.csv", "report.html"]
    assert pd.read_csv(out / "orders_scored.csv").columns.tolist() == ["order_id", "score", "decision", "flags"]
    assert pd.read_csv(out / "parties_scored.csv").columns.tolist() == ["party_id", "score", "flags", "watchlist_matches"]
    assert pd.read_csv(out / "rejected.csv").columns.tolist() == ["file", "row", "column", "reason"]


def test_row_accounting(screened):
    result, engine, out = screened
    orders = pd.read_csv(out / "orders_scored.csv", dtype=str)
    parties = pd.read_csv(out / "parties_scored.csv", dtype=str)
    rejected = pd.read_csv(out / "rejected.csv")
    assert orders.order_id.tolist() == ["O1"]
    assert sorted(parties.party_id) == ["P1", "P3"]
    assert len(rejected) == 15
    inputs = {"parties.csv": 5, "orders.csv": 5, "order_lines.csv": 9}
    for file, n in inputs.items():
        accepted = result.read.counts[file.removesuffix(".csv")].accepted
        assert accepted + (rejected.file == file).sum() == n


def test_flags_explain_the_score(screened):
    _, _, out = screened
    flags = [json.loads(line) for line in (out / "flags.jsonl").read_text().splitlines()]
    by_rule = {f["rule_id"]: f for f in flags}
    assert set(by_rule) == {"goods.controlled", "payment.cash"}
    contributions = [f["contribution"] for f in flags]
    assert contributions == sorted(contributions, reverse=True), "strongest flag first"
    assert by_rule["payment.cash"]["title"] and by_rule["goods.controlled"]["title"] != by_rule["payment.cash"]["title"]
    cash = by_rule["payment.cash"]
    assert cash["target_kind"] == "order" and cash["target_id"] == "O1"
    assert cash["evidence"] == "paid by cash for aluminium powders"
    assert "EU-05" in cash["indicators"] and "2019/1148" in cash["source"]
    # noisy-OR of the contributions is the order's score
    order = pd.read_csv(out / "orders_scored.csv").iloc[0]
    expected = 1 - (1 - by_rule["payment.cash"]["contribution"]) * (1 - by_rule["goods.controlled"]["contribution"])
    assert order.score == pytest.approx(expected, abs=1e-3)
    assert order["flags"] == "goods.controlled;payment.cash"


def test_report_names_the_case(screened):
    _, _, out = screened
    html = (out / "report.html").read_text()
    assert "order O1" in html and "paid by cash for aluminium powders" in html
    assert "duplicate party_id" in html


def test_cli_screen_prints_counts(tmp_path):
    load_commands()
    result = CliRunner().invoke(app, ["screen", str(BAD), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "orders_scored.csv").exists()


def test_cli_screen_missing_dataset_is_a_clear_error(tmp_path):
    load_commands()
    result = CliRunner().invoke(app, ["screen", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "not a folder" in result.output


def test_a_file_the_writer_cannot_write_fails_the_screen(tmp_path):
    # orders, parties and flags are written on another thread while the report's sections are built
    from redtrace.store.outputs import OutputError

    (tmp_path / "flags.jsonl").mkdir()
    with pytest.raises(OutputError, match="flags.jsonl"):
        screen(BAD, tmp_path, engine=create_engine())
    assert not (tmp_path / "report.html").exists()


def test_a_failure_in_the_sections_is_raised_once_the_writer_is_done(tmp_path, monkeypatch):
    import redtrace.pipeline

    def broken(engine, say):
        raise ValueError("no sections")

    monkeypatch.setattr(redtrace.pipeline, "report_sections", broken)
    with pytest.raises(ValueError, match="no sections"):
        screen(BAD, tmp_path, engine=create_engine())
    assert (tmp_path / "flags.jsonl").read_text() and not (tmp_path / "report.html").exists()


def test_flags_carry_their_rules_texts_and_nulls_without_them(tmp_path):
    # flags.jsonl spells each rule's texts once and pastes them around each flag's own fields
    from redtrace.store.flags import write_flags

    engine = create_engine()
    engine.register("flags", pd.DataFrame({
        "rule_id": ["r.known", "r.unknown"], "target_kind": ["order", "party"], "target_id": ["O1", "P1"],
        "severity": ["high", None], "strength": [0.5, 1.0], "evidence": ['a "quoted", \\ reading', "İstanbul"]}))
    engine.register("flag_levels", pd.DataFrame({"rule_id": ["r.known", "r.unknown"], "severity": ["high", None],
                                                 "strength": [0.5, 1.0], "contribution": [0.375, 0.1]}))
    catalogue = pd.DataFrame({"rule_id": ["r.known"], "title": ["Known, \"quoted\""], "indicators": ["X-1;X-2"],
                              "indicator_meanings": ["X-1: one | X-2: two"], "sources": ["Guide"]})
    write_flags(engine, catalogue, tmp_path / "flags.jsonl")
    assert (tmp_path / "flags.jsonl").read_text(encoding="utf-8").splitlines() == [
        '{"rule_id":"r.known","title":"Known, \\"quoted\\"","target_kind":"order","target_id":"O1","severity":"high",'
        '"strength":0.5,"contribution":0.375,"evidence":"a \\"quoted\\", \\\\ reading","indicators":"X-1;X-2",'
        '"indicator_meanings":"X-1: one | X-2: two","source":"Guide"}',
        '{"rule_id":"r.unknown","title":null,"target_kind":"party","target_id":"P1","severity":null,"strength":1.0,'
        '"contribution":0.1,"evidence":"İstanbul","indicators":null,"indicator_meanings":null,"source":null}',
    ]
