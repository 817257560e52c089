"""customer.new: a newly formed company, or a customer new to the data, ordering controlled goods.

Front companies are formed for the purchase: CAR (2020) found UK companies incorporated weeks
before they ordered; BIS lists 'little or no business background'. Two signals, measured against
the data rather than fixed dates:

- the company's age at the order (order date - incorporation date): full strength at formation,
  fading to nothing at `YOUNG_YEARS` years (a company that old has a trading record to check);
- the customer's tenure in the data (days since its first order with any seller), for customers
  whose first order falls after the opening stretch of the data (before that, 'first seen' only
  means 'the data starts here'): full strength at the first order, gone after `NEW_DAYS` days.

Only orders of controlled goods raise the flag, stronger for severe goods and large orders.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine import Engine
from redtrace.rules.base import Rule

YOUNG_YEARS = 2.0
NEW_DAYS = 365.0
# The opening stretch of the data in which every customer looks new: this share of the window,
# at least `MIN_OPENING_DAYS`.
OPENING_SHARE, MIN_OPENING_DAYS = 0.1, 90
MIN_STRENGTH = 0.05


def compute(engine: Engine) -> pd.DataFrame:
    diff = engine.dialect.date_diff_days
    span = engine.df(f"SELECT min(order_date) AS d0, {diff('min(order_date)', 'max(order_date)')} AS days FROM orders")
    if span.empty or pd.isna(span.days[0]):
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    opening = max(MIN_OPENING_DAYS, int(OPENING_SHARE * float(span.days[0])))
    d0 = pd.Timestamp(span.d0[0]).date().isoformat()
    frame = engine.df(
        f"""WITH firsts AS (SELECT buyer_id, min(order_date) AS first_order FROM orders_x GROUP BY buyer_id),
            o AS (
                SELECT order_id, buyer_id, order_date, buyer_incorporated_on, max_goods_severity, n_controlled_lines,
                       percent_rank() OVER (ORDER BY order_value NULLS LAST) AS value_rank
                FROM orders_x),
            s AS (
                SELECT o.*, f.first_order,
                       {diff('buyer_incorporated_on', 'order_date')} AS age_days,
                       {diff('f.first_order', 'order_date')} AS tenure_days,
                       {diff(f"DATE '{d0}'", 'f.first_order')} AS first_after_start
                FROM o JOIN firsts f ON f.buyer_id = o.buyer_id WHERE o.n_controlled_lines > 0),
            f AS (
                SELECT s.*,
                       CASE WHEN age_days IS NULL OR age_days < 0 THEN 0.0
                            ELSE greatest(0.0, 1.0 - age_days / ({YOUNG_YEARS} * 365.0)) END AS s_young,
                       CASE WHEN first_after_start < {opening} THEN 0.0
                            ELSE greatest(0.0, 1.0 - tenure_days / {NEW_DAYS}) END AS s_new
                FROM s),
            kept AS (SELECT * FROM f WHERE s_young > 0 OR s_new > 0),
            -- Which order of its buyer each is, counted over the orders of the buyers kept only:
            -- a window over every order sorts a million of them by buyer, date and id.
            nth AS (
                SELECT order_id,
                       count(*) OVER (PARTITION BY buyer_id ORDER BY order_date, order_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS nth
                FROM orders_x WHERE buyer_id IN (SELECT buyer_id FROM kept))
            -- Names and labels only for the orders kept.
            SELECT f.order_id, x.buyer_name, f.age_days, f.tenure_days, n.nth, f.first_order, x.controlled_labels, f.s_young, f.s_new,
                   (1.0 - (1.0 - f.s_young) * (1.0 - 0.6 * f.s_new)) * (0.5 + 0.5 * f.max_goods_severity) * (0.7 + 0.3 * f.value_rank) AS strength
            FROM kept f JOIN nth n ON n.order_id = f.order_id JOIN orders_x x ON x.order_id = f.order_id"""
    )
    frame = frame[frame.strength >= MIN_STRENGTH]
    if frame.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    young = frame.s_young > 0
    age = frame.age_days.fillna(0).astype(int).map("{:,}".format)
    nth = frame.nth.astype(int)
    first = pd.to_datetime(frame.first_order).dt.strftime("%Y-%m-%d")
    tenure = frame.tenure_days.astype(int).map("{:,}".format)
    later = "order no. " + nth.astype(str) + ", " + tenure + " days after its first on " + first
    young_words = ("incorporated " + age + " days before this order").where(young, "")
    new_words = ("a new customer: " + later.where(nth > 1, "its first order, on " + first)).where(frame.s_new > 0, "")
    joint = pd.Series("; ", index=frame.index).where(young & (frame.s_new > 0), "")
    evidence = (
        "'" + frame.buyer_name.fillna("") + "' " + young_words + joint + new_words + " (data from " + d0 + "), ordering "
        + frame.controlled_labels.fillna("")
    )
    return pd.DataFrame({"target_id": frame.order_id, "strength": frame.strength, "evidence": evidence})


RULE = Rule(
    id="customer.new",
    title="Newly formed company or new customer ordering controlled goods",
    target="order",
    severity="medium",
    indicators=("BIS-06", "FATF08-08", "CAR20-06"),
    rationale=(
        "Front companies are often incorporated shortly before they buy (CAR 2020: UK companies formed weeks before "
        "ordering); BIS lists a customer with little or no business background, FATF possible shell companies."
    ),
    compute=compute,
)
