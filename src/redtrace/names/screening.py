"""Screen a dataset's parties (name and every alias) against a watchlist."""

from __future__ import annotations

import pandas as pd

from redtrace.io.watchlists import Watchlist
from redtrace.names.matcher import DEFAULT_THRESHOLD, Matcher

SCREENING_COLUMNS = ("party_id", "entry_id", "list_name", "program", "matched_name", "score", "explanation")
# What a query asks the matcher: its hits depend on these alone.
ASKED = ("name", "kind", "country", "birth_date")


def screen_parties(
    parties: pd.DataFrame,
    watchlist: Watchlist | Matcher,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = 5,
) -> pd.DataFrame:
    """Best hit per (party, entry) over the party's name and aliases, best first per party.

    ``parties`` has the contract's columns (party_id, kind, name, aliases as a ';'-joined
    string, country, birth_date). Pass a built :class:`Matcher` to screen several datasets
    against one list without re-indexing it.
    """
    matcher = watchlist if isinstance(watchlist, Matcher) else Matcher(watchlist)
    queries = _party_queries(parties)
    if queries.empty:
        return pd.DataFrame(columns=list(SCREENING_COLUMNS))
    # A name searched with the same kind, country and birth date gets the same hits whoever
    # carries it (a director of many companies, a party listed under several ids): each is
    # matched once, and its hits go to every query that searched it.
    queries["asked"] = queries.groupby(list(ASKED), sort=False).ngroup()
    asked = queries.drop_duplicates("asked")[["asked", *ASKED]].rename(columns={"asked": "query_id"})
    hits = matcher.match(asked, limit=limit, threshold=threshold)
    if hits.empty:
        return pd.DataFrame(columns=list(SCREENING_COLUMNS))
    hits = hits.rename(columns={"query_id": "asked"}).merge(queries[["asked", "query_id", "party_id", "searched"]], on="asked")
    hits["explanation"] = "searched '" + hits["searched"] + "': " + hits["explanation"]
    # Equal scores in query order, as if each query had been matched on its own.
    hits = hits.sort_values(["party_id", "score", "query_id", "rank"], ascending=[True, False, True, True])
    best = hits.drop_duplicates(["party_id", "list_name", "entry_id"], keep="first")
    return best[list(SCREENING_COLUMNS)].reset_index(drop=True)


def _party_queries(parties: pd.DataFrame) -> pd.DataFrame:
    """One query per party name and per alias, keeping the party's kind, country, birth date."""
    for column in ("party_id", "name"):
        if column not in parties.columns:
            raise ValueError(f"parties lack column {column}")
    # Plain lists: iterating arrow-backed columns cell by cell costs more than the screening.
    def column(name):
        return parties[name].tolist() if name in parties.columns else [None] * len(parties)

    rows = []
    for party_id, name, aliases, kind, country, birth_date in zip(
        column("party_id"), column("name"), column("aliases"), column("kind"), column("country"), column("birth_date")
    ):
        names = [_text(name)] + [a.strip() for a in _text(aliases).split(";") if a.strip()]
        context = (_text(kind), _text(country), _text(birth_date)[:10])
        for searched in dict.fromkeys(n for n in names if n):
            rows.append((len(rows), party_id, searched, searched, *context))
    return pd.DataFrame(rows, columns=["query_id", "party_id", "searched", "name", "kind", "country", "birth_date"])


def _text(value) -> str:
    # Missing cells arrive as None, NaN, NaT or pd.NA depending on who built the frame.
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    return str(value).strip()
