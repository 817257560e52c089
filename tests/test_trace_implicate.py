"""A buyer that other recovered items point at ranks first among a lot's sales."""

from datetime import date

import pandas as pd
import pytest

from redtrace.trace.implicate import Implicated, contributions, totals
from redtrace.trace.match import Catalogue
from redtrace.trace.run import rank_items

# Three lots of one maker's drums; buyer N (the network) bought from each, each lot also went to
# one legitimate customer. Everything else about the sales is alike.
ROWS = [("O-1", "LOT-11111", "N"), ("O-2", "LOT-11111", "A"),
        ("O-3", "LOT-22222", "N"), ("O-4", "LOT-22222", "B"),
        ("O-5", "LOT-33333", "N"), ("O-6", "LOT-33333", "C")]
LINES = pd.DataFrame({
    "order_id": [r[0] for r in ROWS], "line_no": 1, "manufacturer": "Alkor", "model": "AP-1",
    "lot": [r[1] for r in ROWS], "serial_from": None, "serial_to": None,
    "order_date": date(2015, 1, 1), "ship_to_country": "TR", "ship_to_region": None, "ship_to_city": None,
    "buyer_id": [r[2] for r in ROWS], "consignee_id": None, "payer_id": None, "buyer_country": "TR",
})
ITEMS = pd.DataFrame({
    "item_id": ["I1", "I2", "I3"], "manufacturer": None, "model": "AP-1", "serial": None,
    "lot": ["LOT-11111", "LOT-22222", "LOT-33333"], "recovered_on": date(2016, 6, 1),
    "recovered_country": "SY", "recovered_place": None,
})


def test_buyer_seen_across_lots_ranks_first_and_says_why():
    traces, readings = rank_items(Catalogue(LINES), ITEMS)
    top = traces[traces["rank"] == 1].set_index("item_id")["order_id"].to_dict()
    assert top == {"I1": "O-1", "I2": "O-3", "I3": "O-5"}
    assert "buyer_implicated" in traces[traces["rank"] == 1]["matched_on"].iloc[0]
    assert "traced origin of other recovered items" in readings[readings["rank"] == 1]["reading"].iloc[0]


def test_an_items_own_evidence_does_not_implicate_its_buyer():
    own = contributions([(("N",), 0.5), (("A",), 0.5), (("X",), 0.01)])
    assert own["N"] == own["A"] == 0.5 and "X" not in own  # below the evidence floor X says nothing
    view = Implicated(totals([own, {"N": 0.5}]), own)
    assert view.score("N") == 0.5 and view.score("A") == 0.0
    assert view.fit(("A",))[0] < view.fit(("N",))[0]


def test_evidence_counts_per_unit_bought():
    # Twenty ambiguous items split evenly between a big customer and a small buyer: the big one
    # bought ten times as much, so that much evidence is what it would get anyway.
    per_item = [contributions([(("BIG",), 0.5), (("NET",), 0.5)]) for _ in range(20)]
    view = Implicated(totals(per_item), exposure={"BIG": 100.0, "NET": 10.0, "OTHER": 10.0})
    big, net, other = view.fit(("BIG",))[0], view.fit(("NET",))[0], view.fit(("OTHER",))[0]
    assert big < 1.0 < net and net > 5 * big
    assert other < 1.0  # bought as much as NET and none of its goods turned up
    assert Implicated(totals(per_item)).fit(("NEW",))[0] == 1.0  # no exposure known: neutral


# Two networks bought one lot (L-1, on the same day, alike in every recorded respect); each also
# bought serialised goods that items recovered elsewhere trace to without doubt: N1's in Raqqa,
# N2's in Mosul.
TWO = pd.DataFrame({
    "order_id": ["A", "B", "S1", "S2", "S3", "S4", "S5", "S6"], "line_no": 1, "manufacturer": "Alkor",
    "model": ["AP-1", "AP-1"] + ["JT-9"] * 6, "lot": ["L-11111", "L-11111"] + [None] * 6,
    "serial_from": [None, None] + [f"JT-{n:06d}" for n in range(100, 160, 10)],
    "serial_to": [None, None] + [f"JT-{n + 9:06d}" for n in range(100, 160, 10)],
    "order_date": date(2015, 1, 1), "ship_to_country": "TR", "ship_to_region": None, "ship_to_city": None,
    "buyer_id": ["N1", "N2", "N1", "N1", "N1", "N2", "N2", "N2"], "consignee_id": None, "payer_id": None,
    "buyer_country": "TR",
})


def test_an_ambiguous_item_goes_to_the_network_whose_goods_turn_up_where_it_was_found():
    serials = pd.DataFrame({
        "item_id": [f"S{k}" for k in range(1, 7)], "serial": [f"JT-{n + 5:06d}" for n in range(100, 160, 10)],
        "lot": None, "recovered_place": ["Raqqa"] * 3 + ["Mosul"] * 3,
        "recovered_country": ["SY"] * 3 + ["IQ"] * 3})
    lots = pd.DataFrame({"item_id": ["L-raqqa", "L-mosul"], "serial": None, "lot": "L-11111",
                         "recovered_place": ["Raqqa", "Mosul"], "recovered_country": ["SY", "IQ"]})
    items = pd.concat([serials, lots], ignore_index=True).assign(manufacturer=None, model=None,
                                                                 recovered_on=date(2015, 9, 1))
    traces, readings = rank_items(Catalogue(TWO), items)
    top = traces[traces["rank"] == 1].set_index("item_id")
    assert top.loc["L-raqqa", "order_id"] == "A" and top.loc["L-mosul", "order_id"] == "B"
    assert "buyer_recovery_place" in top.loc["L-raqqa", "matched_on"]
    assert readings[(readings.item_id == "L-mosul") & (readings["rank"] == 1)]["reading"].str.contains(
        "found where this one was").all()
    second = traces[traces["rank"] == 2].set_index("item_id")
    assert second.loc["L-raqqa", "order_id"] == "B"  # the other network's sale stays a candidate


def test_exposure_counts_each_line_once_per_entity_as_its_share_of_the_model():
    lines = pd.DataFrame({
        "order_id": ["A", "B", "C", "D"], "line_no": 1, "manufacturer": "Alkor", "model": ["AP-1", "AP-1", "AP-1", "JT-9"],
        "lot": ["L-11111"] * 3 + [None], "serial_from": [None] * 3 + ["JT-000100"], "serial_to": [None] * 3 + ["JT-000109"],
        "order_date": date(2015, 1, 1), "ship_to_country": "TR", "ship_to_region": None, "ship_to_city": None,
        "buyer_id": ["X", "Y", " Y2 ", "X"], "consignee_id": ["X", "C", None, None], "payer_id": None, "buyer_country": "TR",
        "quantity": ["100", "200", "300", "10"], "unit": ["kg", "kg", "kg", "pcs"],
    })
    exposure = Catalogue(lines, {"Y2": "Y"}).exposure  # Y2 is Y under another id
    # AP-1's mean line is 200 kg: X bought half a mean line of it (and is its own consignee),
    # Y one and a half (under two ids), consignee C one; the one JT-9 line is its model's mean.
    assert exposure == pytest.approx({"X": 0.5 + 1.0, "Y": 1.0 + 1.5, "C": 1.0})


def test_a_leaking_buyer_s_sale_shipped_home_stays_a_likely_origin():
    # Buyer N's serialised goods keep turning up in Syria; N bought lot L-55555 twice: 60 drums
    # shipped home to the Netherlands (no sign of diversion on the sale itself) and 20 drums to a
    # consignee in Turkey. Once N is known to leak, the bigger sale is the likelier origin wherever
    # it was first shipped; with nothing implicating N the sale shipped next to the war ranks first.
    # Twelve other buyers' serialised goods were never found.
    market = pd.DataFrame({"order_id": [f"M{k}" for k in range(12)], "line_no": 1, "manufacturer": "Alkor", "model": "JT-9",
                           "lot": None, "serial_from": [f"JT-{n:06d}" for n in range(200, 320, 10)],
                           "serial_to": [f"JT-{n + 9:06d}" for n in range(200, 320, 10)], "quantity": 10, "unit": "pcs",
                           "order_date": date(2015, 1, 1), "ship_to_country": "TR", "ship_to_region": None,
                           "ship_to_city": None, "buyer_id": [f"B{k}" for k in range(12)], "consignee_id": None,
                           "payer_id": None, "buyer_country": "TR"})
    lines = pd.DataFrame({
        "order_id": ["HOME", "BORDER"] + [f"S{k}" for k in range(6)], "line_no": 1, "manufacturer": "Alkor",
        "model": ["AP-1", "AP-1"] + ["JT-9"] * 6, "lot": ["L-55555", "L-55555"] + [None] * 6,
        "serial_from": [None, None] + [f"JT-{n:06d}" for n in range(100, 160, 10)],
        "serial_to": [None, None] + [f"JT-{n + 9:06d}" for n in range(100, 160, 10)],
        "quantity": [60, 20] + [10] * 6, "unit": "pcs",
        "order_date": date(2015, 1, 1), "ship_to_country": ["NL", "TR"] + ["TR"] * 6, "ship_to_region": None,
        "ship_to_city": None, "buyer_id": "N", "consignee_id": [None, "C"] + [None] * 6, "payer_id": None,
        "buyer_country": "NL",
    })
    lines = pd.concat([lines, market], ignore_index=True)
    serials = pd.DataFrame({"item_id": [f"S{k}" for k in range(6)], "serial": [f"JT-{n + 5:06d}" for n in range(100, 160, 10)],
                            "lot": None})
    lot = pd.DataFrame({"item_id": ["LOT"], "serial": None, "lot": "L-55555"})
    context = {"manufacturer": None, "model": None, "recovered_on": date(2015, 9, 1), "recovered_country": "SY",
               "recovered_place": "Raqqa"}
    alone, _ = rank_items(Catalogue(lines), lot.assign(**context))
    assert alone[alone["rank"] == 1]["order_id"].iloc[0] == "BORDER"
    traces, _ = rank_items(Catalogue(lines), pd.concat([serials, lot], ignore_index=True).assign(**context))
    assert traces[(traces.item_id == "LOT") & (traces["rank"] == 1)]["order_id"].iloc[0] == "HOME"
