"""`redtrace trace DATASET --out OUTDIR [--items] [--truth]` end to end on a small dataset folder."""

import pandas as pd
from typer.testing import CliRunner

import redtrace.cli.trace  # noqa: F401  (registers the command)
from redtrace.cli.app import app

PARTIES = """party_id,kind,name,country
S1,company,Acme Distribution Ltd,GB
B1,company,Quick Phones Ltd,GB
B2,company,Farm Co GmbH,DE
C1,company,Border Trade,TR
"""
ORDERS = """order_id,order_date,seller_id,buyer_id,consignee_id,ship_to_country,ship_to_region,ship_to_city
O-1,2015-01-10,S1,B1,C1,TR,Sanliurfa,Akcakale
O-2,2015-03-01,S1,B2,,DE,,Bonn
O-3,2015-02-01,S1,B1,,TR,Gaziantep,
O-4,2015-02-05,S1,B2,,DE,,
"""
LINES = """order_id,line_no,hs_code,quantity,unit,manufacturer,model,lot,serial_from,serial_to
O-1,1,8411.12,10,pcs,JetCat GmbH,P200-RX,,JT-000120,JT-000129
O-2,1,8411.12,10,pcs,JetCat GmbH,P200-RX,,JT-000130,JT-000139
O-3,1,7603.10,6000,kg,Alu Pigments AG,AP-300,L-2015-77,,
O-4,1,7603.10,500,kg,Alu Pigments AG,AP-300,L-2015-77,,
"""
ITEMS = """item_id,manufacturer,model,serial,lot,recovered_on,recovered_country,recovered_place
I1,Jetcat,P200RX,JT-OOO125,,2017-09-01,IQ,west Mosul
I2,,,JT-00013,,2017-09-01,IQ,west Mosul
I3,,AP-300,,L2O15-77,2016-05-01,SY,Raqqa
I4,Jetcat,P200-RX,JT-000999,,2017-09-01,IQ,west Mosul
"""


def run(*args):
    return CliRunner().invoke(app, ["trace"] + [str(a) for a in args])


TRUTH = """item_id,order_id,line_no,case
I1,O-1,1,unique
I2,O-2,1,truncated_serial
I3,O-3,1,ambiguous_lot
I4,,,no_origin
"""


def test_trace_command_writes_outputs_and_figures(tmp_path):
    data = tmp_path / "dataset"
    data.mkdir()
    for name, text in {"parties": PARTIES, "orders": ORDERS, "order_lines": LINES, "items": ITEMS}.items():
        (data / f"{name}.csv").write_text(text)
    (tmp_path / "truth.csv").write_text(TRUTH)
    out = tmp_path / "out"
    result = run(data, "--out", out, "--truth", tmp_path / "truth.csv")
    assert result.exit_code == 0, result.output
    traces = pd.read_csv(out / "traces.csv")
    assert list(traces.columns) == ["item_id", "rank", "order_id", "line_no", "confidence", "matched_on"]
    top = traces[traces["rank"] == 1].set_index("item_id")
    assert top.loc["I1", "order_id"] == "O-1" and top.loc["I1", "confidence"] >= 0.9
    assert top.loc["I2", "order_id"] == "O-2"
    assert top.loc["I3", "order_id"] == "O-3"  # Gaziantep borders Syria; Bonn does not
    assert "I4" not in top.index or top.loc["I4", "confidence"] < 0.5
    chains = pd.read_csv(out / "chains.csv")
    assert set(chains["item_id"]) == set(top.index)
    assert (out / "trace.html").read_text().startswith("<section")
    assert "PASS  unique top-1 >= 0.95" in result.output
    assert "PASS  no-origin false traces <= 0.05" in result.output
    kinds = result.output[result.output.index("per misreading kind"):]
    assert "look-alike characters" in kinds  # I1: JT-OOO125 read as JT-000125 (O->0)
    assert "serial whole" in kinds and "lot" in kinds


def test_items_option_replaces_dataset_items(tmp_path):
    data = tmp_path / "dataset"
    data.mkdir()
    for name, text in {"parties": PARTIES, "orders": ORDERS, "order_lines": LINES}.items():
        (data / f"{name}.csv").write_text(text)
    (tmp_path / "found.csv").write_text("item_id,serial\nX1,JT000137\n")
    out = tmp_path / "out"
    result = run(data, "--items", tmp_path / "found.csv", "--out", out)
    assert result.exit_code == 0, result.output
    traces = pd.read_csv(out / "traces.csv")
    assert traces.iloc[0][["item_id", "order_id", "line_no"]].tolist() == ["X1", "O-2", 1]


def test_scores_and_network_folders_are_joined(tmp_path):
    data = tmp_path / "dataset"
    data.mkdir()
    for name, text in {"parties": PARTIES, "orders": ORDERS, "order_lines": LINES, "items": ITEMS}.items():
        (data / f"{name}.csv").write_text(text)
    screen, network = tmp_path / "screen", tmp_path / "network"
    screen.mkdir()
    network.mkdir()
    # The screen finds O-4 risky: its candidacy for I3 (a lot sold twice) says so.
    (screen / "orders_scored.csv").write_text("order_id,score,decision,flags\nO-3,0.0,clear,\nO-4,0.9,hold,x\n")
    (network / "clusters.csv").write_text("party_id,cluster_id\nB1,E1\nB2,E2\n")
    (network / "communities.csv").write_text("cluster_id,community_id\nE1,7\n")
    out = tmp_path / "out"
    result = run(data, "--out", out, "--scores", screen, "--network", network)
    assert result.exit_code == 0, result.output
    traces = pd.read_csv(out / "traces.csv")
    i3 = traces[traces["item_id"] == "I3"].set_index("order_id")
    assert "buyer_risk" in i3.loc["O-4", "matched_on"] and "buyer_risk" not in i3.loc["O-3", "matched_on"]
    chains = pd.read_csv(out / "chains.csv", dtype=str).set_index("item_id")
    assert chains.loc["I1", "buyer_cluster_id"] == "E1" and chains.loc["I1", "buyer_community"] == "7"
