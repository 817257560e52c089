"""A buyer that other recovered items point at ranks first among a lot's sales."""

from datetime import date

import pandas as pd

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
    assert own == {"N": 0.5, "A": 0.5}  # below the evidence floor X says nothing
    view = Implicated(totals([own, {"N": 0.5}]), own)
    assert view.score("N") == 0.5 and view.score("A") == 0.0
    assert view.fit(("A",))[0] < view.fit(("N",))[0]
