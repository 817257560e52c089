"""payment.cash: controlled goods paid in cash, crypto or through an unnamed third party.

Cash and crypto leave no bank trail to the real buyer; the IS networks paid by cash and money
transfer sent from other regions (CAR). Small cash sales of ordinary goods are normal, so the
rule fires only on orders carrying controlled goods.
"""

from redtrace.rules.base import Rule

RULE = Rule(
    id="payment.cash",
    title="Cash, crypto or money-transfer payment for controlled goods",
    target="order",
    severity="medium",
    indicators=("BIS-05", "EU-05", "UK-08", "CAR20-08"),
    rationale="Insisting on cash or untraceable payment for regulated goods is a listed red flag in BIS, EU 2019/1148 Art. 9 and UK guidance.",
    sql="""
        SELECT order_id AS target_id,
               CASE payment_method WHEN 'crypto' THEN 0.9 WHEN 'cash' THEN 0.8 ELSE 0.5 END AS strength,
               'paid by ' || replace(payment_method, '_', ' ') || ' for ' || controlled_labels AS evidence
        FROM orders_x
        WHERE n_controlled_lines > 0 AND payment_method IN ('cash', 'crypto')
    """,
)
