"""How long goods take from sale to recovery, learned from confident traces."""

from datetime import date

import pytest

from redtrace.trace.context import LAG_FLOOR, MIN_LAGS, days_between, learn_lags, time_fit


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
