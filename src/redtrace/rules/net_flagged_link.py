"""net.flagged_link: the party shares a director, owner, address, phone or e-mail with a company
that other indicators caught on their own.

A network replaces a front that drew attention with another under the same people, and runs
several at once: CAR's Islamic State suppliers were one family's companies buying aluminium paste,
drone parts and surveillance kit separately; FATF lists links between trading companies (same
owners, same management) among the proliferation indicators. A watchlist names few of them, so
suspicion must also start from what the screening itself found: a company whose own orders score
at or above the review cut, on evidence other than its links (its orders' `deeds`, see
`redtrace.scoring`), passes its score on to the companies it shares people or identifiers with.

How much passes is how specific the link is (`redtrace.network.typologies.proximity_links`): an
address or phone shared by h companies ties each to the others as one of h - 1; a director or
owner of n companies ties the caught ones to the rest as far as they make up his other companies
(one of two companies caught: his other company is as suspect as the caught one; one of fifty: a
formation agent's nominee, whose clients say nothing of each other). A company a caught party
controls is its instrument, and takes its score whole. Only caught companies spread, never a link
alone: two family businesses that share a director and buy ordinary goods raise nothing here, and
the flag never passes on from a party that has it (no chains).

This needs every other indicator's verdict first, so scoring raises it between its first pass and
the buyer-history pass (`redtrace.scoring.flagged_link_flags`); at detection time it raises
nothing.
"""

from __future__ import annotations

import pandas as pd

from redtrace.rules.base import Rule


def compute(engine) -> pd.DataFrame:
    return pd.DataFrame(columns=["target_id", "strength", "evidence"])


RULE = Rule(
    id="net.flagged_link",
    title="Linked to a company caught by other indicators",
    target="party",
    severity="high",
    indicators=("FATF08-09", "CAR20-05"),
    rationale=(
        "Companies sharing people, an address or a phone with a company whose own orders are "
        "worth reviewing are likely run by the same network."
    ),
    compute=compute,
    about_links=True,
    strength_is_confidence=True,
)
