"""watchlist.match: the party's name or an alias matches an entry of a sanctions or watch list.

The match itself (transliteration-aware, explained part by part) comes from redtrace.names; this
rule turns each hit into a flag whose strength is the match score.
"""

from redtrace.rules.base import Rule

RULE = Rule(
    id="watchlist.match",
    title="Name matches a watchlist entry",
    target="party",
    severity="high",
    indicators=("BIS-01", "FATF08-03"),
    rationale="A customer similar to a party on a denied-persons or sanctions list must be cleared before any sale.",
    needs=("watchlist_hits",),
    sql="""
        SELECT party_id AS target_id, max(score) AS strength,
               'matches ' || min(list_name || ' entry ' || entry_id || ' ''' || matched_name || ''' (' || program || ', score '
                   || CAST(round(score, 2) AS VARCHAR) || '): ' || explanation) AS evidence
        FROM watchlist_hits GROUP BY party_id
    """,
)
