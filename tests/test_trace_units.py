"""A serial read whole on one item is accounted for: a truncated reading of another item cannot be
that unit, so a sale whose serials in the window are all found elsewhere drops out."""

from datetime import date

import pandas as pd
import pytest

from redtrace.trace.match import Catalogue
from redtrace.trace.run import rank_items
from redtrace.trace.units import EXHAUSTED, Found, fits


def test_a_serial_fits_a_partial_reading_digit_for_digit():
    assert fits("KT-0004411?", "KT-00044114") and fits("KT-??0125", "KT-120125")
    assert not fits("KT-0004411?", "KT-00044124") and not fits("KT-0004411?", "KT-000441140")


def test_share_left_counts_confidence_and_never_reaches_zero():
    found = Found()
    found.add(3, "KT-00044114", 0.95)
    found.add(3, "KT-00044114", 0.9)  # the same unit read twice counts once
    found.add(3, "KT-0004411?", 1.0)  # a partial reading finds no unit
    found.add(3, "KT-00044125", 1.0)  # outside the window
    assert found.taken(3, "KT-0004411?") == pytest.approx(0.95)
    assert found.left(3, "KT-0004411?", 4) == pytest.approx(1 - 0.95 / 4)
    found.add(5, "KT-00044114", 1.0)
    assert found.left(5, "KT-0004411?", 1) == EXHAUSTED
    assert found.left(7, "KT-0004411?", 2) == 1.0


# One buyer's two sales of serial run KT-0001xx: ONE holds KT-000120 alone, FOUR holds
# KT-000127..129 and more. An item read as KT-00012 (last digit lost) fits both; another item's
# plate read whole, KT-000120, is ONE's only unit in that window.
LINES = pd.DataFrame({
    "order_id": ["ONE", "FOUR"], "line_no": 1, "manufacturer": "KopterTech", "model": "KT-9", "lot": None,
    "serial_from": ["KT-000120", "KT-000127"], "serial_to": ["KT-000120", "KT-000140"],
    "order_date": [date(2015, 6, 1), date(2013, 1, 1)], "ship_to_country": ["SY", "GB"], "ship_to_region": None,
    "ship_to_city": None, "buyer_id": "N", "consignee_id": None, "payer_id": None, "buyer_country": "TR",
})


def items(serials: list[str], places: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"item_id": [f"I{k}" for k in range(len(serials))], "manufacturer": None, "model": "KT-9",
                         "serial": serials, "lot": None, "recovered_on": date(2015, 9, 1), "recovered_country": "SY",
                         "recovered_place": places})


def test_a_sale_whose_only_unit_in_the_window_was_found_elsewhere_drops_out():
    # Alone, the truncated item goes to ONE: shipped into Syria months before, against a sale
    # shipped to Britain years before.
    alone, _ = rank_items(Catalogue(LINES), items(["KT-00012"], ["Raqqa"]))
    assert alone[alone["rank"] == 1]["order_id"].iloc[0] == "ONE"
    traces, readings = rank_items(Catalogue(LINES), items(["KT-00012", "KT-000120"], ["Raqqa", "Mosul"]))
    mine = traces[traces["item_id"] == "I0"].set_index("order_id")
    assert mine.loc["FOUR", "rank"] == 1 and "units_found_elsewhere" in mine.loc["ONE", "matched_on"]
    before = alone.set_index("order_id")["confidence"]
    # Its one serial there is the other item's as surely as that item's trace: ONE keeps the rest.
    other = traces[(traces["item_id"] == "I1") & (traces["rank"] == 1)].iloc[0]
    assert other["order_id"] == "ONE" and other["confidence"] > 0.9
    drop = (mine.loc["ONE", "confidence"] / mine.loc["FOUR", "confidence"]) / (before["ONE"] / before["FOUR"])
    assert drop == pytest.approx(1 - other["confidence"], rel=0.01)
    said = readings[(readings["item_id"] == "I0")]["reading"]
    assert said.str.contains("of its 1 serials in 'KT-00012\\?' were found on other items").any()
