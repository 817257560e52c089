"""The world's watchlist: the networks' listed people and companies among many unrelated entries."""

from __future__ import annotations

import random

from redtrace.synth.economy import Decoy
from redtrace.synth.networks import WatchEntry

WATCHLIST_COLUMNS = ("entry_id", "kind", "name", "aliases", "country", "birth_date", "program", "list_name")
_LISTS = (("SDGT", "SYN-SDN"), ("ISIL (Da'esh) and Al-Qaida", "SYN-UN-1267"), ("EU-CT", "SYN-EU-TERR"),
          ("SYRIA", "SYN-SDN"), ("IRAQ", "SYN-UK-HMT"))


def build_watchlist(network: list[WatchEntry], decoys: list[Decoy], rng: random.Random) -> list[dict]:
    entries = [(e.name, e.kind, e.country, e.birth_date) for e in network]
    entries += [(d.name, d.kind, d.country, d.birth_date) for d in decoys]
    rng.shuffle(entries)
    rows = []
    for k, (name, kind, country, birth) in enumerate(entries):
        aliases = {name.variant(rng, 0) for _ in range(rng.randint(0, 3))} - {name.canonical()}
        program, list_name = rng.choice(_LISTS)
        rows.append({"entry_id": f"WL-{k + 1:06d}", "kind": kind, "name": name.canonical(), "aliases": ";".join(sorted(aliases)),
                     "country": country if rng.random() < 0.85 else None, "birth_date": birth, "program": program,
                     "list_name": list_name})
    return rows
