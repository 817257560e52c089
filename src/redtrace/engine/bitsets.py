"""Small sets of names per row (an order's rules, its goods' labels) gathered in SQL as bits.

A sorted list of names per row costs more than the grouping that finds it; bits of BIGINT words
OR together in any order (`bit_or`, on every engine), and the distinct sets, a few thousand in a
dataset of millions of rows, are spelled out once each.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine.base import Engine

WORD_BITS = 62  # names per BIGINT word, the sign bit left alone


def bit_words(names: list[str]) -> list[list[str]]:
    """`names`, sorted, cut into words of WORD_BITS: name `words[n][b]` is bit `1 << b` of word n.
    One empty word when there are no names, so that a set always has a column."""
    return [names[i : i + WORD_BITS] for i in range(0, len(names), WORD_BITS)] or [[]]


def spelled_sets(engine: Engine, table: str, columns: list[str], words: list[list[str]], separator: str) -> pd.DataFrame:
    """The distinct sets in `columns` (one per word) of `table`, each with `spelled`: its names in
    the words' order, joined by `separator`."""
    sets = engine.df(f"SELECT DISTINCT {', '.join(columns)} FROM {table}")
    spelled = [
        separator.join(name for word, mask in zip(words, row) for b, name in enumerate(word) if int(mask) >> b & 1)
        for row in sets[columns].itertuples(index=False)
    ]
    return sets.assign(spelled=pd.array(spelled, dtype="string"))
