"""Which parties legitimately stand in for one another on an order (shared by the payment and
destination indicators; not an indicator itself).

A payer or consignee other than the buyer is ordinary when it belongs to the buyer: the buyer's
parent, subsidiary, owner or director, a sister company under the same owner, or the same entity
under another record (entity resolution). `party_links(engine)` creates the table
`party_links(party_a, party_b)` holding both directions of every such pair.

Shared *directors* of two companies do not make them one group here: nominee directors of
formation agents sit on hundreds of unrelated shells, and the CAR networks used exactly such
fronts. Sister companies count only through a common owner or shareholder that controls a
handful of companies, not through a mass registration agent.
"""

from __future__ import annotations

CONTROL_KINDS = ("director", "owner", "shareholder", "representative")
OWNER_KINDS = ("owner", "shareholder")
# A common owner of more companies than this is treated as an agent, not a group parent.
MAX_GROUP_SIZE = 25


def _in(kinds: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{k}'" for k in kinds) + ")"


def party_links(engine) -> str:
    if engine.has("party_links"):
        return "party_links"
    control, owners = _in(CONTROL_KINDS), _in(OWNER_KINDS)
    parts = [
        f"SELECT source_id AS party_a, target_id AS party_b FROM relations WHERE kind IN {control}",
        f"SELECT target_id AS party_a, source_id AS party_b FROM relations WHERE kind IN {control}",
        f"""SELECT r1.target_id AS party_a, r2.target_id AS party_b
            FROM relations r1 JOIN relations r2 ON r1.source_id = r2.source_id AND r1.target_id <> r2.target_id
            WHERE r1.kind IN {owners} AND r2.kind IN {owners}
              AND r1.source_id IN (SELECT source_id FROM relations WHERE kind IN {owners}
                                   GROUP BY source_id HAVING count(DISTINCT target_id) <= {MAX_GROUP_SIZE})""",
    ]
    if engine.has("clusters"):
        parts.append(
            """SELECT c1.party_id AS party_a, c2.party_id AS party_b
               FROM clusters c1 JOIN clusters c2 ON c1.cluster_id = c2.cluster_id AND c1.party_id <> c2.party_id"""
        )
    engine.create("party_links", "SELECT DISTINCT party_a, party_b FROM (" + " UNION ALL ".join(parts) + ") l")
    return "party_links"
