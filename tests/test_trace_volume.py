"""How much a sale's size counts, learned from the sales confident traces name."""

import numpy as np
import pandas as pd

from redtrace.trace.match import Catalogue
from redtrace.trace.volume import MIN_TRACES, PER_UNIT, learn_power


def _world(per_unit: bool, traces: int = 400, seed: int = 3):
    """Sales of four models, sizes spread over two orders of magnitude; traced sales drawn per
    unit (a sale's chance its size) or per sale (every sale alike)."""
    rng = np.random.default_rng(seed)
    amounts = np.exp(rng.uniform(0, np.log(100), 2000))
    groups = rng.integers(0, 4, 2000)
    p = amounts / amounts.sum() if per_unit else None
    return amounts, groups, rng.choice(2000, size=traces, p=p).tolist()


def test_sales_traced_per_unit_keep_the_per_unit_count():
    assert learn_power(*_world(per_unit=True)) >= 0.9


def test_sales_traced_whatever_their_size_make_size_count_for_nothing():
    assert learn_power(*_world(per_unit=False)) <= 0.1


def test_too_few_traces_or_sales_of_unknown_size_or_model_keep_the_per_unit_count():
    amounts, groups, traced = _world(per_unit=False)
    assert learn_power(amounts, groups, traced[: MIN_TRACES - 1]) == PER_UNIT
    assert learn_power(np.full(len(amounts), np.nan), groups, traced) == PER_UNIT
    assert learn_power(amounts, np.full(len(groups), -1), traced) == PER_UNIT


def test_with_power_zero_a_lot_s_sales_are_not_weighed_by_their_size():
    lines = pd.DataFrame({
        "order_id": ["O-1", "O-2"], "line_no": [1, 1], "model": [None, None], "lot": ["L-77", "L-77"],
        "serial_from": [None, None], "serial_to": [None, None], "buyer_id": ["B1", "B2"], "consignee_id": [None, None],
        "quantity": [5000, 50], "unit": ["kg", "kg"], "manufacturer": ["Alu AG", "Alu AG"],
        "hs_code": ["760310", "760310"], "description": [None, None], "order_date": ["2015-01-01", "2015-01-01"],
        "ship_to_country": ["DE", "DE"], "ship_to_region": [None, None], "ship_to_city": [None, None]})
    item = {"item_id": "I", "lot": "L-77", "recovered_on": "2016-01-01", "recovered_country": "SY"}
    catalogue = Catalogue(lines)
    by_units = catalogue.rank(item)
    alike = catalogue.rank(item, power=0.0)
    assert by_units[0].line == 0 and by_units[0].confidence > 5 * by_units[1].confidence
    assert abs(alike[0].confidence - alike[1].confidence) < 1e-9


def test_with_power_zero_a_partial_serial_weighs_each_sale_by_its_share_of_serials_in_the_reading():
    lines = pd.DataFrame({
        "order_id": ["O-1", "O-2"], "line_no": [1, 1], "model": ["P200", "P200"], "lot": [None, None],
        "serial_from": ["JT-000100", "JT-000128"], "serial_to": ["JT-000127", "JT-000129"],
        "buyer_id": ["B1", "B2"], "consignee_id": [None, None], "quantity": [28, 2], "unit": ["pcs", "pcs"],
        "manufacturer": ["JetCat", "JetCat"], "hs_code": ["841112", "841112"], "description": [None, None],
        "order_date": ["2015-01-01", "2015-01-01"], "ship_to_country": ["DE", "DE"], "ship_to_region": [None, None],
        "ship_to_city": [None, None]})
    item = {"item_id": "I", "serial": "JT-00012", "model": "P200", "recovered_on": "2016-01-01", "recovered_country": "SY"}
    catalogue = Catalogue(lines)
    # Per unit: 8 of the window's serials against 2. Per sale: 8 of 28 serials against 2 of 2.
    assert [c.line for c in catalogue.rank(item)] == [0, 1]
    assert [c.line for c in catalogue.rank(item, power=0.0)] == [1, 0]
