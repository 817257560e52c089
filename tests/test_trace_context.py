"""How long goods take from sale to recovery (learned from confident traces), and how risky a sale is."""

from datetime import date, timedelta

import numpy as np
import pyarrow as pa
import pytest

from redtrace.trace.context import (
    HALF_LIFE_YEARS, LAG_FLOOR, MIN_LAGS, NO_SIGNS, RECOVERED_BEFORE_SALE, TRANSIT_DAYS, days_between, learn_lags,
    sale_risk, time_fit, time_fits, time_notes,
)


def test_too_few_confident_traces_teach_nothing():
    assert learn_lags([(100.0, 1.0)] * (MIN_LAGS - 1)) is None
    assert learn_lags([(-5.0, 1.0)] * MIN_LAGS) is None  # recovered "before" the sale: a wrong date


def test_learned_lag_peaks_where_confident_traces_lie():
    # Items traced with confidence turned up four to six months after their sale.
    lags = learn_lags([(float(d), 1.0) for d in range(120, 181, 2)])
    assert lags.factor(150) == pytest.approx(1.0, abs=0.05)
    assert lags.factor(10) == pytest.approx(LAG_FLOOR, abs=0.01)
    assert lags.factor(2000) == pytest.approx(LAG_FLOOR, abs=0.01)
    assert lags.factor(10) < lags.factor(90) < lags.factor(140)


def test_confidence_weights_the_learned_lags():
    sure = [(30.0, 1.0)] * MIN_LAGS
    unsure = [(600.0, 0.05)] * MIN_LAGS
    lags = learn_lags(sure + unsure)
    assert lags.factor(30) > 3 * lags.factor(600)


def test_time_fit_uses_learned_lags_but_a_sale_after_recovery_stays_ruled_out():
    lags = learn_lags([(float(d), 1.0) for d in range(120, 181, 2)])
    sold = date(2016, 1, 1)
    assert time_fit(date(2016, 6, 1), sold, lags).factor > 0.9
    assert time_fit(date(2016, 1, 20), sold, lags).factor < 0.1
    before = time_fit(date(2015, 12, 1), sold, lags)
    assert before.hard < 0.05 and "recovered_before_sale" in before.notes
    assert days_between("2016-06-01", sold) == 152 and days_between(None, sold) is None


def test_time_fits_weigh_many_sales_at_once_as_one_at_a_time():
    # Days after the sale: unknown, before it, the day of it, a month, a year, ten years.
    days = np.array([np.nan, -3, 0, 30, 365, 3652], dtype=float)
    factor, hard = time_fits(days)
    assert factor[0] == hard[0] == 1.0  # a date unknown says nothing
    assert hard[1] == RECOVERED_BEFORE_SALE and hard[2:].tolist() == [1.0] * 4
    # A month's transit ramp, then half the weight every HALF_LIFE_YEARS.
    assert factor[2] == pytest.approx(1 / TRANSIT_DAYS) and factor[3] == pytest.approx(0.5 ** (30 / 365.25 / HALF_LIFE_YEARS))
    assert factor[5] == pytest.approx(0.5 ** (3652 / 365.25 / HALF_LIFE_YEARS))
    sold = date(2016, 1, 1)
    for d in (-3, 0, 30, 365, 3652):
        one = time_fit(sold + timedelta(days=d), sold)
        assert (one.factor, one.hard) == (factor[days == d][0], hard[days == d][0])
    assert time_notes(None) == time_notes(np.nan) == ()
    assert time_notes(-1.0) == ("recovered_before_sale",) and time_notes(0) == ("recovered_after_sale",)


def test_sale_risk_reads_the_screen_score_or_else_the_sale_s_own_signs():
    lines = pa.table({
        "buyer_id": ["B1", "B2", " B3 ", "B4", "B5", "B6"],
        "consignee_id": ["C9", None, "B3", None, None, "C9"],
        "payer_id": [None, "P9", " B3", None, None, None],
        "ship_to_country": ["TR", "TR", "tr ", "TR", "TR", "TR"],
        "buyer_country": ["TR", "TR", "TR", "DE", None, "TR"],
        "buyer_risk": [None, None, None, None, 0.9, 0.2],
    })
    risk = sale_risk(lines)
    # Other consignee; third-party payer; none (ids and countries compared stripped, any case);
    # shipped abroad; scored risky; scored, not risky (its other consignee is the score's to weigh).
    assert risk.factor.tolist() == pytest.approx([1.0, 1.0, NO_SIGNS, 1.0, 0.95, 0.6])
    assert [risk.notes(i) for i in range(6)] == [
        ("other_consignee",), ("third_party_payer",), (), ("shipped_abroad",), ("buyer_risk",), ()]
    assert sale_risk(lines.drop_columns(["buyer_risk"])).factor[4] == NO_SIGNS
