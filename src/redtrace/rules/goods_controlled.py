"""goods.controlled: the order carries explosives precursors, drone/missile parts or CHPL items.

On its own this is the reason to look, not a reason to suspect: paint makers buy aluminium paste
and mines buy ammonium nitrate every day. It weighs little alone and gives the other indicators
something to attach to.
"""

from redtrace.rules.base import Rule

RULE = Rule(
    id="goods.controlled",
    title="Controlled or diversion-prone goods",
    target="order",
    severity="low",
    indicators=("EU-03", "CAR20-09"),
    rationale="Explosives precursors (Reg. (EU) 2019/1148), drone and missile components and Common High Priority List items are what procurement networks seek.",
    sql="""
        SELECT order_id AS target_id, max_goods_severity AS strength,
               'order carries ' || CAST(n_controlled_lines AS STRING) || ' line(s) of controlled goods: ' || controlled_labels AS evidence
        FROM orders_x WHERE n_controlled_lines > 0
    """,
)
