"""Writing watchlist entries as FollowTheMoney entities (JSON lines, as OpenSanctions does)."""

from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model
from followthemoney.proxy import EntityProxy

from redtrace.io.watchlists import FTM_SCHEMA, Watchlist, WatchlistEntry


def entry_to_entity(entry: WatchlistEntry) -> EntityProxy:
    """One entity per entry. ``linked_to`` is not carried: SDN links are names, and FtM links
    are separate relationship entities between ids."""
    schema = FTM_SCHEMA[entry.kind]
    proxy = model.make_entity(schema)
    proxy.id = entry.entry_id
    proxy.add("name", entry.name)
    proxy.add("alias", list(entry.aliases))
    proxy.add("nationality" if schema == "Person" else "country", [c.lower() for c in entry.countries])
    if schema == "Person":
        proxy.add("birthDate", list(entry.birth_dates))
        proxy.add("birthPlace", list(entry.birth_places))
    proxy.add("programId", [p for p in entry.program.split(";") if p])
    proxy.add("topics", "sanction")
    return proxy


def write_ftm(watchlist: Watchlist, path: Path) -> int:
    with path.open("w", encoding="utf-8") as fh:
        for entry in watchlist.entries:
            data = entry_to_entity(entry).to_dict()
            data["datasets"] = [entry.list_name]
            fh.write(json.dumps(data, ensure_ascii=False) + "\n")
    return len(watchlist.entries)
