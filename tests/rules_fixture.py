"""Hand-made rows for rule tests: a few parties and orders written as a dataset and normalised."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.normalise import normalise


def company(pid, name, country="GB", city="London", region="Greater London", nace="28.41", activity=None, **kw):
    return dict(party_id=pid, kind="company", name=name, country=country, city=city, region=region,
                activity_code=nace, activity=activity, **kw)


def person(pid, name, country="GB"):
    return dict(party_id=pid, kind="person", name=name, country=country)


def order(oid, buyer, seller="S", date="2016-01-01", country="GB", **kw):
    return dict(order_id=oid, order_date=date, seller_id=seller, buyer_id=buyer, ship_to_country=country, **kw)


def line(oid, hs="8537.10", qty=10, unit="pcs", price=100.0, no=1):
    return dict(order_id=oid, line_no=no, hs_code=hs, quantity=qty, unit=unit, unit_price=price)


def engine_with(tmp: Path, parties, orders, lines, relations=()):
    tmp.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(parties).to_csv(tmp / "parties.csv", index=False)
    pd.DataFrame(orders).to_csv(tmp / "orders.csv", index=False)
    pd.DataFrame(lines).to_csv(tmp / "order_lines.csv", index=False)
    rel = pd.DataFrame(list(relations), columns=["source_id", "target_id", "kind", "share"])
    rel.to_csv(tmp / "relations.csv", index=False)
    engine = create_engine()
    read_dataset(tmp, engine)
    normalise(engine)
    return engine


def flagged(rule, engine) -> dict[str, tuple[float, str]]:
    out = rule.compute(engine)
    return {r.target_id: (float(r.strength), r.evidence) for r in out.itertuples(index=False)}
