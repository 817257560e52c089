"""Chain of custody, diversion point, optional joins and the report fragment."""

from datetime import date

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.trace import trace_items, trace_section_html
from redtrace.trace.chain import diversion


def world(engine):
    engine.register("parties", pd.DataFrame({
        "party_id": ["S1", "B1", "B2", "C1", "B1X"],
        "name": ["Acme Distribution Ltd", "Quick Phones <Ltd>", "Farm Co", "Border Trade", "Quick Phone Ltd"],
        "country": ["GB", "GB", "DE", "TR", "GB"],
    }))
    engine.register("orders", pd.DataFrame({
        "order_id": ["O-1", "O-2", "O-3", "O-4"],
        "order_date": [date(2015, 1, 10), date(2015, 3, 1), date(2016, 1, 1), date(2016, 2, 1)],
        "seller_id": ["S1"] * 4, "buyer_id": ["B1", "B2", "B1", "B1X"],
        "consignee_id": ["C1", None, None, None], "payer_id": [None, None, None, None],
        "ship_to_country": ["TR", "DE", "GB", "GB"], "ship_to_region": ["Sanliurfa", None, None, None],
        "ship_to_city": ["Akcakale", None, None, None],
    }))
    engine.register("order_lines", pd.DataFrame({
        "order_id": ["O-1", "O-2", "O-3", "O-4"], "line_no": [2, 1, 1, 1],
        "manufacturer": ["JetCat GmbH", "JetCat GmbH", "Alu AG", "Alu AG"], "model": ["P200-RX", "P200-RX", None, None],
        "lot": [None, None, "L-2015-77", None],
        "serial_from": ["JT-000120", "JT-000130", None, None], "serial_to": ["JT-000129", "JT-000139", None, None],
    }))


ITEMS = pd.DataFrame({
    "item_id": ["I1", "I2"], "manufacturer": ["Jetcat", None], "model": ["P200RX", None],
    "serial": ["JT-OOO125", None], "lot": [None, "L2015-77"],
    "recovered_on": [date(2017, 9, 1)] * 2, "recovered_country": ["IQ", "SY"], "recovered_place": ["west Mosul", "Raqqa"],
})


@pytest.fixture()
def engine():
    e = create_engine()
    world(e)
    return e


def test_chain_reads_parties_dates_countries_and_diversion(engine):
    result = trace_items(engine, ITEMS.copy())
    chain = result.chains.set_index("item_id").loc["I1"]
    assert (chain["order_id"], chain["line_no"]) == ("O-1", 2)
    assert chain["manufacturer"] == "JetCat GmbH"
    assert (chain["seller_name"], chain["buyer_id"], chain["consignee_id"], chain["consignee_country"]) == (
        "Acme Distribution Ltd", "B1", "C1", "TR")
    assert chain["order_date"] == "2015-01-10" and chain["recovered_on"] == "2017-09-01"
    assert chain["last_legitimate_holder"] == "seller S1 (Acme Distribution Ltd)"
    assert chain["diversion_point"] == "seller S1 (Acme Distribution Ltd) -> buyer B1 (Quick Phones <Ltd>)"
    signs = chain["diversion_signs"]
    assert "shipped to consignee C1 instead of buyer B1" in signs
    assert "shipped to TR, buyer registered in GB" in signs
    assert "border region" in signs and "IQ" in signs
    assert chain["buyer_other_orders"] == "O-3" and chain["buyer_other_order_count"] == 1


def test_traces_file_has_contract_columns(engine):
    result = trace_items(engine, ITEMS.copy())
    assert list(result.traces.columns) == ["item_id", "rank", "order_id", "line_no", "confidence", "matched_on"]
    top = result.traces[result.traces["rank"] == 1].set_index("item_id")
    assert top.loc["I1", "matched_on"].startswith("serial_range;model;manufacturer")
    assert top.loc["I2", "order_id"] == "O-3" and top.loc["I2", "matched_on"].startswith("lot")
    assert result.traces["confidence"].between(0, 1).all()


def test_flags_move_last_legitimate_holder_and_diversion():
    row = {"seller_id": "S1", "buyer_id": "B1", "consignee_id": "C1", "ship_to_country": "TR",
           "recovered_country": "SY", "buyer_country": "TR", "manufacturer": "JetCat", "seller_name": "Acme",
           "buyer_name": "Quick", "consignee_name": "Border", "ship_to_region": None, "ship_to_city": None}
    holder, hop, _ = diversion(row, flagged={"C1"})
    assert holder == "buyer B1 (Quick)" and hop == "buyer B1 (Quick) -> consignee C1 (Border)"
    holder, hop, _ = diversion(row, flagged={"S1", "B1"})
    assert holder == "manufacturer JetCat" and hop == "manufacturer JetCat -> seller S1 (Acme)"
    holder, hop, signs = diversion(row, flagged=None)
    assert holder == "seller S1 (Acme)" and "bordering SY" in signs[-1]


def test_resolved_entity_and_community_joined_when_present(engine):
    engine.register("clusters", pd.DataFrame({"party_id": ["B1", "B1X"], "cluster_id": ["E7", "E7"]}))
    engine.register("communities", pd.DataFrame({"party_id": ["B1"], "community_id": ["K3"]}))
    engine.register("parties_scored", pd.DataFrame({"party_id": ["B1"], "score": [0.9]}))
    chain = trace_items(engine, ITEMS.copy()).chains.set_index("item_id").loc["I1"]
    assert chain["buyer_cluster_id"] == "E7" and chain["cluster_other_orders"] == "O-4"
    assert chain["buyer_community"] == "K3"
    assert chain["last_legitimate_holder"] == "seller S1 (Acme Distribution Ltd)"


def test_html_fragment_is_escaped(engine):
    result = trace_items(engine, ITEMS.copy())
    html = trace_section_html(result.traces, result.chains, result.readings)
    assert html.startswith('<section class="trace">') and html.endswith("</section>")
    assert "Quick Phones &lt;Ltd&gt;" in html and "<Ltd>" not in html
    assert "read as &#x27;JT-000125&#x27; (O-&gt;0)" in html
    empty = trace_section_html(result.traces.iloc[0:0], result.chains.iloc[0:0])
    assert "No item could be traced" in empty


def test_communities_keyed_by_resolved_entity_as_the_network_stage_writes_them(engine):
    engine.register("clusters", pd.DataFrame({"party_id": ["B1", "B1X"], "cluster_id": ["E7", "E7"]}))
    engine.register("communities", pd.DataFrame({"cluster_id": ["E7"], "community_id": ["K9"]}))
    chain = trace_items(engine, ITEMS.copy()).chains.set_index("item_id").loc["I1"]
    assert chain["buyer_community"] == "K9"
