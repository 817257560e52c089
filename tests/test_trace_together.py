"""Items documented together (same day, same place) are weighed towards the sale their companions
trace to, as much as the data show finds to be one shipment."""

from datetime import date

import pandas as pd
import pytest

from redtrace.trace.match import Catalogue
from redtrace.trace.run import rank_items
from redtrace.trace.together import PRIOR_PAIRS, Companions, companions, find_key, finds, shipment_share


def test_find_key_needs_a_day_and_a_place():
    assert find_key("2016-05-01", "SY", "al-Bab") == find_key(date(2016, 5, 1), "sy", "Al Bab") == "2016-05-01|sy al bab"
    assert find_key(None, "SY", "al-Bab") is None and find_key("2016-05-01", None, None) is None
    assert finds(["a", None, "b", "a", None, "a"]) == [[0, 3, 5]]


def test_share_of_one_shipment_is_learned_from_confident_pairs():
    # Two finds: in the first both confident items name line 7; in the second they differ; a
    # third item below the confidence bar says nothing.
    seen = [{7: 0.95}, {7: 0.99, 8: 0.01}, {1: 0.95}, {2: 0.92}, {3: 0.5}]
    assert shipment_share([[0, 1], [2, 3, 4]], seen) == pytest.approx(1 / (2 + PRIOR_PAIRS))
    assert shipment_share([], seen) == 0.0


def test_factor_mixes_the_items_own_ranking_with_its_companions():
    # The item fits lines 1 and 2 equally; its companion is surely from line 2.
    own, companion = {1: 0.4, 2: 0.4}, {2: 0.9}
    view = companions([[0, 1]], [own, companion], share=0.5)[0]
    z = 0.4 * 0.9 / 0.8
    assert view.factor(2) == pytest.approx(0.5 + 0.5 * 0.9 / z)
    assert view.factor(1) == pytest.approx(0.5)
    # Weighted by the item's own confidences the factors average to one: the find reorders.
    assert 0.4 * view.factor(1) + 0.4 * view.factor(2) == pytest.approx(0.8)
    # A companion sharing no candidate is from another shipment: nothing changes.
    assert companions([[0, 1]], [own, {5: 0.9}], share=0.5)[0].factor(1) == 1.0
    assert Companions(0.5, []).factor(1) == 1.0


# Two sales of serial run KT-0001xx to one buyer: A holds seven of the ten serials KT-00012?
# stands for, B three (and more beyond). Items: one read as KT-00012 (last digit lost), and
# serials of B beyond that window read whole, found with it (same day, same place) or elsewhere;
# two more finds of two serials each from one sale teach that finds are one shipment.
LINES = pd.DataFrame({
    "order_id": ["A", "B", "C", "D"], "line_no": 1, "manufacturer": "KopterTech", "model": "KT-9",
    "lot": None, "serial_from": ["KT-000100", "KT-000127", "KT-000200", "KT-000300"],
    "serial_to": ["KT-000126", "KT-000139", "KT-000209", "KT-000309"],
    "order_date": date(2015, 1, 1), "ship_to_country": "TR", "ship_to_region": None, "ship_to_city": None,
    "buyer_id": "N", "consignee_id": None, "payer_id": None, "buyer_country": "TR",
})


def items(companion_place: str) -> pd.DataFrame:
    rows = [("I1", "KT-00012", "Raqqa"), ("I2", "KT-000135", companion_place), ("I3", "KT-000136", companion_place),
            ("C1", "KT-000201", "Mosul"), ("C2", "KT-000202", "Mosul"), ("D1", "KT-000301", "Tabqa"),
            ("D2", "KT-000302", "Tabqa")]
    return pd.DataFrame({"item_id": [r[0] for r in rows], "manufacturer": None, "model": "KT-9",
                         "serial": [r[1] for r in rows], "lot": None, "recovered_on": date(2016, 3, 1),
                         "recovered_country": "SY", "recovered_place": [r[2] for r in rows]})


def test_a_truncated_serial_goes_to_the_sale_its_companions_name():
    traces, readings = rank_items(Catalogue(LINES), items("Raqqa"))
    first = traces[(traces["item_id"] == "I1") & (traces["rank"] == 1)].iloc[0]
    assert first["order_id"] == "B" and "found_with" in first["matched_on"]
    reading = readings[(readings["item_id"] == "I1") & (readings["rank"] == 1)]["reading"].iloc[0]
    assert "found on the same day at the same place" in reading


def test_companions_found_elsewhere_change_nothing():
    traces, _ = rank_items(Catalogue(LINES), items("Manbij"))
    first = traces[(traces["item_id"] == "I1") & (traces["rank"] == 1)].iloc[0]
    assert first["order_id"] == "A" and "found_with" not in first["matched_on"]
