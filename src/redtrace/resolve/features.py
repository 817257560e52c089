"""The comparison table Splink reads: one row per party, keys instead of raw text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyarrow as pa

from redtrace.resolve import normalise as nk

if TYPE_CHECKING:
    from redtrace.engine import Engine


def _column(engine: "Engine", table: str, name: str, cast: str = "STRING") -> str:
    return f"CAST({name} AS {cast}) AS {name}" if name in engine.columns(table) else f"CAST(NULL AS {cast}) AS {name}"


def _mapped(values: list, fn) -> list:
    # Parties repeat names, phones and addresses; compute each distinct value once.
    cache: dict = {}
    out = []
    for v in values:
        if v not in cache:
            cache[v] = fn(v)
        out.append(cache[v])
    return out


def _related(engine: "Engine", party_ids: list, kinds: list) -> list:
    """Per person, the parties it is related to (relations.csv, either direction), or None.

    Two records of one director both list the company they direct; two namesakes seldom share
    a company. This is the evidence that separates them when the name is all there is. Not for
    companies: companies of one group share directors, owners and subsidiaries, so a related
    party in common is what distinct companies of a network have, not evidence of one company."""
    if not engine.has("relations") or engine.count("relations") == 0:
        return [None] * len(party_ids)
    rel = engine.arrow(
        f"""SELECT party_id, {engine.dialect.distinct_list("other")} AS others FROM (
               SELECT CAST(source_id AS STRING) AS party_id, CAST(target_id AS STRING) AS other FROM relations
               UNION ALL
               SELECT CAST(target_id AS STRING), CAST(source_id AS STRING) FROM relations) t
           GROUP BY party_id"""
    ).to_pydict()
    by_party = dict(zip(rel["party_id"], rel["others"]))
    return [by_party.get(p) if kind == "person" else None for p, kind in zip(party_ids, kinds)]


def party_features(engine: "Engine", table: str = "parties") -> pa.Table:
    cols = ", ".join(
        [
            "CAST(party_id AS STRING) AS party_id",
            "lower(CAST(kind AS STRING)) AS kind",
            "CAST(name AS STRING) AS name",
            _column(engine, table, "aliases", engine.dialect.text_list_type()),
            _column(engine, table, "registration_id"),
            _column(engine, table, "phone"),
            _column(engine, table, "email"),
            _column(engine, table, "address"),
            _column(engine, table, "postal_code"),
            _column(engine, table, "city"),
            "upper(CAST(country AS STRING)) AS country" if "country" in engine.columns(table) else "CAST(NULL AS STRING) AS country",
            _column(engine, table, "birth_date"),
        ]
    )
    raw = engine.arrow(f"SELECT {cols} FROM {table}").to_pydict()
    related = _related(engine, raw["party_id"], raw["kind"])
    name_keys = _mapped(raw["name"], nk.name_keys)
    alias_keys = []
    for (key, _, _), aliases in zip(name_keys, raw["aliases"]):
        keys = {k for k in (key, *(nk.name_key(a) for a in aliases or ())) if k}
        alias_keys.append(sorted(keys) or None)
    addresses = _mapped(list(zip(raw["address"], raw["postal_code"])), lambda ap: nk.address_key(*ap))
    # An explicit schema: a column that is empty in this dataset must still be text, or the
    # backends type it as an integer and the string comparisons fail.
    text = pa.string()
    return pa.table(
        {
            "party_id": raw["party_id"],
            "kind": raw["kind"],
            "name_key": [k[0] for k in name_keys],
            "name_skeleton": [k[1] for k in name_keys],
            "alias_keys": pa.array(alias_keys, type=pa.list_(pa.string())),
            "registration_key": _mapped(raw["registration_id"], nk.registration_key),
            "legal_form": [k[2] for k in name_keys],
            "phone_key": _mapped(raw["phone"], nk.phone_key),
            "email_key": _mapped(raw["email"], nk.email_key),
            "address_key": addresses,
            "city_key": _mapped(raw["city"], nk.city_key),
            "country": raw["country"],
            "birth_date": raw["birth_date"],
            "related_ids": pa.array(related, type=pa.list_(pa.string())),
        },
        schema=pa.schema(
            [("party_id", text), ("kind", text), ("name_key", text), ("name_skeleton", text),
             ("alias_keys", pa.list_(text)), ("registration_key", text), ("legal_form", text), ("phone_key", text),
             ("email_key", text), ("address_key", text), ("city_key", text), ("country", text), ("birth_date", text),
             ("related_ids", pa.list_(text))]
        ),
    )
