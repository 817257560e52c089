"""The comparison table Splink reads: one row per party, keys instead of raw text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from redtrace.resolve import normalise as nk

if TYPE_CHECKING:
    from redtrace.engine import Engine


def _column(engine: "Engine", table: str, name: str, cast: str = "STRING") -> str:
    return f"CAST({name} AS {cast}) AS {name}" if name in engine.columns(table) else f"CAST(NULL AS {cast}) AS {name}"


def _distinct(*columns: pa.ChunkedArray) -> tuple[list[tuple], np.ndarray]:
    """The distinct rows of `columns` (as tuples of Python values) and, for every row, the
    position of its distinct row. Parties repeat names, phones and addresses: keys are computed
    once per distinct value, and only those values ever become Python objects."""
    codes = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        encoded = column.combine_chunks().dictionary_encode()
        width = len(encoded.dictionary) + 1  # + 1 for null
        codes = codes * width + pc.fill_null(encoded.indices, width - 1).to_numpy().astype(np.int64)
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    picked = [column.take(first).to_pylist() for column in columns]
    return list(zip(*picked)), inverse


def _mapped(fn, *columns: pa.ChunkedArray) -> pa.Array:
    values, inverse = _distinct(*columns)
    return pa.array([fn(*v) for v in values], type=pa.string()).take(inverse)


def _related(engine: "Engine", party_ids: pa.ChunkedArray, kinds: pa.ChunkedArray) -> pa.Array:
    """Per person, the parties it is related to (relations.csv, either direction), or None.

    Two records of one director both list the company they direct; two namesakes seldom share
    a company. This is the evidence that separates them when the name is all there is. Not for
    companies: companies of one group share directors, owners and subsidiaries, so a related
    party in common is what distinct companies of a network have, not evidence of one company."""
    ids = pa.list_(pa.string())
    if not engine.has("relations") or engine.count("relations") == 0:
        return pa.nulls(len(party_ids), ids)
    rel = engine.arrow(
        f"""SELECT party_id, {engine.dialect.distinct_list("other")} AS others FROM (
               SELECT CAST(source_id AS STRING) AS party_id, CAST(target_id AS STRING) AS other FROM relations
               UNION ALL
               SELECT CAST(target_id AS STRING), CAST(source_id AS STRING) FROM relations) t
           GROUP BY party_id"""
    )
    others = rel["others"].combine_chunks().cast(ids).take(pc.index_in(party_ids, value_set=rel["party_id"]))
    return pc.if_else(pc.equal(kinds, "person"), others, pa.scalar(None, ids)).combine_chunks()


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
            _column(engine, table, "website"),
            _column(engine, table, "address"),
            _column(engine, table, "postal_code"),
            _column(engine, table, "city"),
            "upper(CAST(country AS STRING)) AS country" if "country" in engine.columns(table) else "CAST(NULL AS STRING) AS country",
            _column(engine, table, "birth_date"),
        ]
    )
    raw = engine.arrow(f"SELECT {cols} FROM {table}")
    related = _related(engine, raw["party_id"], raw["kind"])
    names, of_name = _distinct(raw["name"])
    # A second reading of every name, for comparing names in an abjad with Latin ones: only
    # where the dataset holds such a name at all (most hold none, and then it costs nothing).
    abjad = [nk.is_abjad(name) for (name,) in names]
    if any(abjad):
        name_keys = [nk.name_keys_and_reading(name) for (name,) in names]
        readings = [k[3] for k in name_keys]
        reading_words = pa.array(readings, type=pa.list_(pa.string())).take(of_name)
        reading_key = pa.array([" ".join(r) if r else None for r in readings], type=pa.string()).take(of_name)
    else:
        name_keys = [nk.name_keys(name) for (name,) in names]
        reading_words = pa.nulls(len(raw), pa.list_(pa.string()))
        reading_key = pa.nulls(len(raw), pa.string())
    name_key, skeleton, legal_form = (pa.array([k[i] for k in name_keys], type=pa.string()).take(of_name) for i in range(3))
    in_abjad = pa.array(abjad, type=pa.bool_()).take(of_name)
    # Most parties have no alias: their keys are the name key alone.
    alias_keys = [[key] if key else None for key in name_key.to_pylist()]
    for row in pc.indices_nonzero(pc.fill_null(pc.list_value_length(raw["aliases"]), 0)).to_pylist():
        key = alias_keys[row][0] if alias_keys[row] else None
        keys = {k for k in (key, *(nk.name_key(a) for a in raw["aliases"][row].as_py())) if k}
        alias_keys[row] = sorted(keys) or None
    # An explicit schema: a column that is empty in this dataset must still be text, or the
    # backends type it as an integer and the string comparisons fail.
    text = pa.string()
    return pa.table(
        {
            "party_id": raw["party_id"],
            "kind": raw["kind"],
            "name_key": name_key,
            "name_skeleton": skeleton,
            "alias_keys": pa.array(alias_keys, type=pa.list_(pa.string())),
            "registration_key": _mapped(nk.registration_key, raw["registration_id"]),
            "legal_form": legal_form,
            "phone_key": _mapped(nk.phone_key, raw["phone"]),
            "email_key": _mapped(nk.email_key, raw["email"]),
            "website_key": _mapped(nk.website_key, raw["website"]),
            "address_key": _mapped(nk.address_key, raw["address"], raw["postal_code"]),
            "city_key": _mapped(nk.city_key, raw["city"]),
            "country": raw["country"],
            "birth_date": raw["birth_date"],
            "related_ids": related,
            "reading_words": reading_words,
            "reading_key": reading_key,
            "abjad": in_abjad,
        },
        schema=pa.schema(
            [("party_id", text), ("kind", text), ("name_key", text), ("name_skeleton", text),
             ("alias_keys", pa.list_(text)), ("registration_key", text), ("legal_form", text), ("phone_key", text),
             ("email_key", text), ("website_key", text), ("address_key", text), ("city_key", text), ("country", text), ("birth_date", text),
             ("related_ids", pa.list_(text)), ("reading_words", pa.list_(text)), ("reading_key", text),
             ("abjad", pa.bool_())]
        ),
    )
