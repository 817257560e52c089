"""flags.jsonl: a line per flag, strongest contribution first, each with its rule's texts.

A line is mostly what every flag of its rule and level (target kind, severity, strength,
contribution) shares: the rule's title, indicators, their meanings and sources (the contract's
"source of the indicator", 72 % of the file), and the level's fields. Those are spelled as JSON
once per level, by the engine (`dialect.json_object`, as it spells a row), and only a flag's
target and evidence are spelled per flag. The engine sorts a level code and those two texts; the
lines are put together from them here with Arrow kernels and written as they come, around the
page cache (`store.unbuffered`). Serialising the shared texts for every flag was most of the
writing, and an engine writing the whole lines scans each of them once more for characters a CSV
writer would quote.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from redtrace.engine import Engine
from redtrace.scoring import FLAG_ORDER, weighed_flags_sql
from redtrace.store.unbuffered import UnbufferedFile

LEVELS = "flag_line_levels"
LEVEL_COLUMNS = ("rule_id", "target_kind", "severity", "strength")
# A flag's own fields, in the order they are written; the two placeholders are spelled per flag.
OWN_FIELDS = {"target_kind": "target_kind", "target_id": "''", "severity": "severity",
              "strength": "round(strength, 4)", "contribution": "round(contribution, 4)", "evidence": "''"}
_TARGET, _EVIDENCE = '"target_id":', '"evidence":'
# Flags per batch: about 2 MB of lines. Batches of 16k flags (16 MB) measured three times the
# system time at 300k orders (0.9 against 0.3 s), the user time alike.
BATCH = 2048


def write_flags(engine: Engine, catalogue: pd.DataFrame, path: Path) -> None:
    """flags.jsonl in `scoring.FLAG_ORDER`, each flag with its rule's
    title, indicators, their meanings and sources from `catalogue` (`outputs.rule_catalogue`;
    nulls for a rule missing from it)."""
    dialect = engine.dialect
    # Each distinct level of the flags, weighed as the flags are (`scoring.weighed_flags_sql`).
    distinct = f"(SELECT DISTINCT {', '.join(LEVEL_COLUMNS)}, CAST(NULL AS STRING) AS target_id FROM flags)"
    engine.create(
        LEVELS,
        f"""SELECT {', '.join(LEVEL_COLUMNS)}, contribution, {dialect.json_object(OWN_FIELDS)} AS own,
                   row_number() OVER (ORDER BY {', '.join(LEVEL_COLUMNS)}) - 1 AS level
            FROM ({weighed_flags_sql(distinct)}) w""",
    )
    try:
        levels = engine.arrow(f"SELECT rule_id, own FROM {LEVELS} ORDER BY level")
        pieces = _pieces(levels["rule_id"].to_pylist(), levels["own"].to_pylist(), catalogue)
        same = " AND ".join(f"l.{c} IS NOT DISTINCT FROM f.{c}" for c in LEVEL_COLUMNS)
        rows = engine.batches(
            f"""SELECT level, target_json, evidence_json FROM (
                    SELECT l.level, l.contribution, f.target_kind, f.target_id, f.rule_id,
                           {dialect.json_value('f.target_id')} AS target_json, {dialect.json_value('f.evidence')} AS evidence_json
                    FROM flags f JOIN {LEVELS} l ON {same}) w
                ORDER BY {FLAG_ORDER}""",
            rows=BATCH,
        )
        write_joined(rows, pieces, path)
    finally:
        engine.drop(LEVELS)


def _pieces(rules: list[str], own: list[str], catalogue: pd.DataFrame) -> list[pa.Array]:
    """Per level, the text before a flag's target, between its target and evidence, and after
    its evidence (to the end of the line). The first and last are mostly the rule's texts, shared
    by its many levels (143k levels of 17 rules at 1M orders): each is spelled once per rule and
    target kind, and coded per level."""
    texts = dict(zip(catalogue["rule_id"], catalogue[["title", "indicators", "indicator_meanings", "sources"]].itertuples(index=False)))

    def head(rule: str, kind: str) -> str:
        return _json({"rule_id": rule, "title": texts.get(rule, (None,) * 4)[0]})[:-1] + "," + kind + _TARGET

    def tail(rule: str, end: str) -> str:
        _, indicators, meanings, sources = texts.get(rule, (None,) * 4)
        return end[:-1] + "," + _json({"indicators": indicators, "indicator_meanings": meanings, "source": sources})[1:] + "\n"

    before, between, after = [], [], []
    for rule, fields in zip(rules, own):
        # fields: {"target_kind":..,"target_id":"",..,"evidence":""}, placeholders cut out
        kind, rest = fields[1:].split(_TARGET + '""', 1)
        level, end = rest.rsplit(_EVIDENCE + '""', 1)
        before.append((rule, kind))
        between.append(level + _EVIDENCE)
        after.append((rule, end))
    return [_coded(before, head), pa.array(between, pa.string()), _coded(after, tail)]


def _coded(keys: list[tuple], spell) -> pa.DictionaryArray:
    """`spell(*key)` for each key, spelled once per distinct key."""
    codes: dict[tuple, int] = {}
    indices = [codes.setdefault(k, len(codes)) for k in keys]
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array([spell(*k) for k in codes], pa.string()))


def _json(values: dict) -> str:
    """`values` as one JSON object, spelled as the engines write a row."""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def write_joined(batches: Iterator[pa.RecordBatch], pieces: list[pa.Array], path: Path) -> None:
    """Write, for each row of `batches` (a code, then texts), pieces[0][code] + text 1 +
    pieces[1][code] + text 2 + ... + pieces[-1][code]; a NULL text is written as null. Lines end
    with the last piece (its newline). A piece may be dictionary-encoded."""
    with UnbufferedFile(path) as out:
        for batch in batches:
            code = batch.column(0)
            parts = [_take(pieces[0], code)]
            for n in range(1, batch.num_columns):
                parts += [batch.column(n), _take(pieces[n], code)]
            joined = pc.binary_join_element_wise(*parts, "", null_handling="replace", null_replacement="null")
            out.write(_data(joined))


def _take(piece: pa.Array, code: pa.Array) -> pa.Array:
    """piece[code], spelled out: Arrow joins plain texts only."""
    if isinstance(piece, pa.DictionaryArray):
        return piece.dictionary.take(piece.indices.take(code))
    return piece.take(code)


def _data(texts: pa.Array) -> memoryview:
    """The bytes of a text array's values, one after the other, as Arrow holds them."""
    _, offsets, data = texts.buffers()
    wide = pa.types.is_large_string(texts.type) or pa.types.is_large_binary(texts.type)
    at = np.frombuffer(offsets, dtype=np.int64 if wide else np.int32)
    return memoryview(data)[at[texts.offset]: at[texts.offset + len(texts)]] if len(texts) else memoryview(b"")
