"""The review API and pages on a real screen of a hand-made dataset.

O1: a phone shop pays cash for six tonnes of aluminium powder (the riskiest order);
O2: the same shop, five kilos by bank transfer; O3: laptops for a buyer whose name, written with
HTML tags, is on the watchlist (its only flag is raised on the party, not the order).
"""

import json
import shutil

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from redtrace.api import create_app
from redtrace.api.outputs import OutputsError
from redtrace.cli import app, load_commands
from redtrace.engine import create_engine
from redtrace.pipeline import screen

NAME = "Nour <b>Trading</b> & Sons"


@pytest.fixture(scope="module")
def screened(tmp_path_factory):
    data = tmp_path_factory.mktemp("dataset")
    pd.DataFrame([
        dict(party_id="P1", kind="company", name="Acme Chemicals GmbH", country="DE", activity_code="20.13"),
        dict(party_id="P2", kind="company", name="Kardeşler Telefon", country="TR", activity_code="47.42"),
        dict(party_id="P3", kind="company", name=NAME, country="TR", activity_code="46.90"),
    ]).to_csv(data / "parties.csv", index=False)
    pd.DataFrame([
        dict(order_id=o, order_date=d, seller_id="P1", buyer_id=b, ship_to_country="TR", payment_method=m)
        for o, d, b, m in [("O1", "2016-03-01", "P2", "cash"), ("O2", "2016-03-02", "P2", "bank_transfer"),
                           ("O3", "2016-03-03", "P3", "bank_transfer")]
    ]).to_csv(data / "orders.csv", index=False)
    pd.DataFrame([
        dict(order_id="O1", line_no=1, hs_code="7603.10", quantity=6000, unit="kg"),
        dict(order_id="O2", line_no=1, hs_code="7603.10", quantity=5, unit="kg"),
        dict(order_id="O3", line_no=1, hs_code="8471.30", quantity=10, unit="pcs"),
    ]).to_csv(data / "order_lines.csv", index=False)
    watchlist = data.parent / "watchlist.csv"
    pd.DataFrame([dict(entry_id="E1", kind="company", name=NAME, aliases="", country="TR", birth_date="",
                       program="SDGT", list_name="TEST-SDN")]).to_csv(watchlist, index=False)
    out = tmp_path_factory.mktemp("screen")
    screen(data, out, [watchlist], engine=create_engine())
    return data, out


@pytest.fixture
def client(screened, tmp_path):
    """A fresh copy of the screen's folder per test, so decisions recorded in one test stay there."""
    out = tmp_path / "out"
    shutil.copytree(screened[1], out)
    return TestClient(create_app(out))


@pytest.fixture
def with_dataset(screened):
    data, out = screened
    return TestClient(create_app(out, data))


def decide(client, target_id="O1", **fields):
    body = dict(target_kind="order", target_id=target_id, decision="hold", officer="A. Officer",
                reason="cash for six tonnes of aluminium powder") | fields
    return client.post("/decisions", json=body)


def test_queue_puts_the_riskiest_order_first(client):
    queue = client.get("/orders").json()
    assert queue["total"] == 3
    assert [i["id"] for i in queue["items"]][0] == "O1"
    scores = [i["score"] for i in queue["items"]]
    assert scores == sorted(scores, reverse=True)
    first = queue["items"][0]
    assert first["decision"] == "hold" and {"payment.cash", "goods.controlled"} <= set(first["flags"])
    assert first["officer_decision"] is None
    page = client.get("/orders", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and [i["id"] for i in page["items"]] == [queue["items"][1]["id"]]
    assert [i["id"] for i in client.get("/orders", params={"decision": "hold"}).json()["items"]] == ["O1"]


def test_order_explains_each_flag_with_its_public_indicator(client):
    order = client.get("/orders/O1").json()
    assert order["kind"] == "order" and order["decision"] == "hold" and order["history"] == []
    cash = next(f for f in order["own_flags"] if f["rule_id"] == "payment.cash")
    assert cash["evidence"] == "paid by cash for aluminium powders"
    assert "EU-05" in [i["id"] for i in cash["indicators"]]
    assert all(i["meaning"] for i in cash["indicators"])
    assert any("2019/1148" in s for s in cash["sources"])
    contributions = [f["contribution"] for f in order["own_flags"]]
    assert contributions == sorted(contributions, reverse=True)
    # noisy-OR of the flags' contributions is the order's score
    rest = 1.0
    for c in contributions:
        rest *= 1 - c
    assert order["score"] == pytest.approx(1 - rest, abs=1e-3)


def test_a_partys_flag_counted_on_its_order_is_named(client):
    order = client.get("/orders/O3").json()
    assert order["own_flags"] == [] and order["inherited_rules"] == ["watchlist.match"]
    party = client.get("/parties/P3").json()
    assert party["watchlist_matches"] == ["TEST-SDN:E1"]
    assert [f["rule_id"] for f in party["own_flags"]] == ["watchlist.match"]
    assert "entry E1" in party["own_flags"][0]["evidence"]
    assert client.get("/parties").json()["items"][0]["id"] in {"P2", "P3"}


def test_with_the_dataset_a_flag_is_shown_on_the_party_it_came_from(with_dataset):
    order = with_dataset.get("/orders/O3").json()
    assert [(v["role"], v["party_id"]) for v in order["via_parties"]] == [("buyer", "P3")]
    assert order["via_parties"][0]["flags"][0]["rule_id"] == "watchlist.match"
    facts = with_dataset.get("/orders/O1").json()["order_facts"]
    assert facts["buyer"]["name"] == "Kardeşler Telefon" and facts["payment_method"] == "cash"
    assert [(l["hs_code"], l["quantity"], l["unit"]) for l in facts["lines"]] == [("760310", 6000.0, "kg")]
    party = with_dataset.get("/parties/P2").json()["party_facts"]
    assert [(o["order_id"], o["role"]) for o in party["orders"]] == [("O1", "buyer"), ("O2", "buyer")]
    page = with_dataset.get("/ui/orders/O3").text
    assert "Raised on its buyer" in page and "Nour &lt;b&gt;Trading&lt;/b&gt; &amp; Sons" in page


def test_a_dataset_that_was_not_screened_is_refused(screened, tmp_path):
    data, out = screened
    shutil.copytree(data, tmp_path / "other")
    orders = pd.read_csv(tmp_path / "other" / "orders.csv")
    orders[orders.order_id != "O3"].to_csv(tmp_path / "other" / "orders.csv", index=False)
    with pytest.raises(OutputsError, match="lacks 1 of the screened orders"):
        create_app(out, tmp_path / "other")


def test_decision_is_recorded_listed_and_shown_on_the_order(client):
    made = decide(client)
    assert made.status_code == 201
    entry = made.json()
    assert entry["decision"] == "hold" and entry["officer"] == "A. Officer"
    assert entry["screen_decision"] == "hold" and entry["screen_score"] == client.get("/orders/O1").json()["score"]
    assert entry["decided_at"].endswith("Z")
    decide(client, decision="clear", reason="licence checked, buyer is a known distributor")
    trail = client.get("/decisions", params={"target_id": "O1"}).json()
    assert [d["decision"] for d in trail] == ["hold", "clear"], "nothing overwritten, oldest first"
    order = client.get("/orders/O1").json()
    assert order["officer_decision"]["decision"] == "clear"
    assert [d["decision"] for d in order["history"]] == ["hold", "clear"]
    assert [i["id"] for i in client.get("/orders", params={"status": "clear"}).json()["items"]] == ["O1"]
    assert "O1" not in [i["id"] for i in client.get("/orders", params={"status": "undecided"}).json()["items"]]
    assert client.get("/decisions", params={"decision": "hold"}).json() == trail[:1]
    assert client.get("/health").json() | {"outdir": None} == {"status": "ok", "outdir": None, "orders": 3, "parties": 3, "decisions": 2}


@pytest.mark.parametrize("fields", [dict(decision="maybe"), dict(officer=""), dict(reason=""), dict(officer="   "),
                                    dict(target_kind="seller")])
def test_bad_decision_is_rejected(client, fields):
    assert decide(client, **fields).status_code == 422
    assert client.get("/decisions").json() == []


def test_unknown_ids_are_404(client):
    assert client.get("/orders/NOPE").status_code == 404
    assert client.get("/parties/NOPE").status_code == 404
    answer = decide(client, target_id="NOPE")
    assert answer.status_code == 404 and "NOPE" in answer.json()["detail"]
    assert client.get("/ui/orders/NOPE").status_code == 404


def test_pages_explain_flags_escaped(client):
    home = client.get("/")
    assert home.status_code == 200 and 'href="/ui/orders/O1"' in home.text
    assert "Cash, crypto or money-transfer payment for controlled goods" in home.text, "flags named by title"
    page = client.get("/ui/parties/P3").text
    assert "Nour &lt;b&gt;Trading&lt;/b&gt; &amp; Sons" in page and NAME not in page
    order = client.get("/ui/orders/O1").text
    assert "paid by cash for aluminium powders" in order and "EU-05" in order


def test_form_records_a_decision_and_shows_errors(client):
    form = {"content-type": "application/x-www-form-urlencoded"}
    sent = client.post("/ui/decisions", headers=form, follow_redirects=False,
                       content="target_kind=party&target_id=P3&decision=hold&officer=B.+Officer&reason=%3Cscript%3E+listed")
    assert sent.status_code == 303 and sent.headers["location"] == "/ui/parties/P3"
    page = client.get("/ui/parties/P3").text
    assert "&lt;script&gt; listed" in page and "<script>" not in page
    assert client.get("/decisions").json()[0]["reason"] == "<script> listed"
    empty = client.post("/ui/decisions", headers=form, content="target_kind=party&target_id=P3&decision=hold&officer=B&reason=")
    assert empty.status_code == 422 and "reason must not be empty" in empty.text
    assert len(client.get("/decisions").json()) == 1
    trail = client.get("/ui/decisions", params={"officer": "B. Officer"}).text
    assert "party P3" in trail and "&lt;script&gt; listed" in trail and "<script>" not in trail
    assert "party P3" not in client.get("/ui/decisions", params={"officer": "nobody"}).text
    forged = client.post("/ui/decisions", headers=form | {"origin": "https://elsewhere.example"},
                         content="target_kind=party&target_id=P3&decision=clear&officer=B&reason=x")
    assert forged.status_code == 403 and len(client.get("/decisions").json()) == 1


def test_decisions_are_kept_as_json_lines_beside_the_outputs(client):
    decide(client)
    outdir = client.get("/health").json()["outdir"]
    lines = [json.loads(x) for x in open(f"{outdir}/decisions.jsonl", encoding="utf-8")]
    assert [(x["target_kind"], x["target_id"], x["decision"]) for x in lines] == [("order", "O1", "hold")]


def test_serve_refuses_a_folder_without_outputs(tmp_path):
    load_commands()
    result = CliRunner().invoke(app, ["serve", str(tmp_path)])
    assert result.exit_code == 2 and "orders_scored.csv" in result.output
