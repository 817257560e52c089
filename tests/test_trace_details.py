"""The catalogue reads what candidates are weighed on (dates, places, parties, goods, risk) only for
the lines some item can be traced to, and ranks exactly as with every line read in full."""

from datetime import date

import pandas as pd

from redtrace.engine import create_engine
from redtrace.trace.match import Catalogue
from redtrace.trace.run import line_details, load_lines

PARTIES = pd.DataFrame({"party_id": ["B1", "B2", "C1"], "name": ["Quick Phones", "Farm Co", "Border Trade"],
                        "country": ["GB", "DE", "TR"]})
ORDERS = pd.DataFrame({
    "order_id": ["O-1", "O-2", "O-3", "O-4"],
    "order_date": [date(2015, 1, 10), date(2015, 3, 1), date(2016, 1, 1), date(2016, 2, 1)],
    "seller_id": ["S1"] * 4, "buyer_id": ["B1", "B2", "B1", "B2"], "consignee_id": ["C1", None, None, None],
    "payer_id": [None, "B1", None, None], "ship_to_country": ["TR", "DE", "GB", "DE"],
    "ship_to_region": ["Sanliurfa", None, None, None], "ship_to_city": ["Akcakale", None, None, None],
})
LINES = pd.DataFrame({
    "order_id": ["O-1", "O-2", "O-3", "O-4"], "line_no": [2, 1, 1, 1],
    "manufacturer": ["JetCat GmbH", "JetCat GmbH", "Alu AG", "Alu AG"], "model": ["P200-RX", "P200-RX", None, "X9"],
    "lot": [None, None, "L-2015-77", None], "serial_from": ["JT-000120", "JT-000130", None, None],
    "serial_to": ["JT-000129", "JT-000139", None, None], "hs_code": ["841111", "841111", "760612", "760612"],
    "description": ["turbine", "turbine", "sheet", "sheet"], "quantity": [10, 10, 40, 5], "unit": ["pcs", "pcs", "kg", "kg"],
})
SCORES = pd.DataFrame({"order_id": ["O-1", "O-2", "O-3", "O-4"], "score": [0.9, 0.1, 0.2, 0.7]})
ITEMS = [
    {"item_id": "I1", "manufacturer": "Jetcat", "model": "P200RX", "serial": "JT-OOO1", "lot": None,
     "recovered_on": date(2017, 9, 1), "recovered_country": "IQ", "recovered_place": "west Mosul"},
    {"item_id": "I2", "manufacturer": None, "model": None, "serial": None, "lot": "L2015-77",
     "recovered_on": date(2017, 9, 1), "recovered_country": "SY", "recovered_place": "Raqqa"},
]


def engine_and_full_lines():
    e = create_engine()
    for name, df in (("parties", PARTIES), ("orders", ORDERS), ("order_lines", LINES), ("orders_scored", SCORES)):
        e.register(name, df)
    full = LINES.merge(ORDERS, on="order_id").merge(SCORES.rename(columns={"score": "buyer_risk"}), on="order_id")
    full["buyer_country"] = full["buyer_id"].map(PARTIES.set_index("party_id")["country"])
    return e, full


def ranked(catalogue: Catalogue) -> list:
    catalogue.prepare(ITEMS)
    return [[(catalogue.record(c.line)["order_id"], c.confidence, c.matched_on, c.readings) for c in catalogue.rank(item)]
            for item in ITEMS]


def test_details_read_for_candidates_only_rank_as_with_every_line_read():
    e, full = engine_and_full_lines()
    split = Catalogue(load_lines(e), details=lambda keys: line_details(e, keys))
    whole = Catalogue(full)
    assert ranked(split) == ranked(whole)
    # I1's serial reaches O-1 and O-2, I2's lot O-3; O-4 (a model no item was read with) is not read.
    assert sorted(split.detail["order_id"].to_pylist()) == ["O-1", "O-2", "O-3"]
    # The order's screening score reaches the candidate through the details.
    assert "buyer_risk" in ranked(split)[0][0][2]
    assert not e.has("trace_candidates")
