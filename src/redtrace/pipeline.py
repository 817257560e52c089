"""`redtrace screen`: read -> validate -> normalise -> detect -> score -> explain -> write.

Every stage reads and writes engine tables; only the edges (reading the dataset, writing the
outputs) touch files.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pandas as pd

from redtrace.engine import Engine, create_engine
from redtrace.io.dataset import ReadResult, read_dataset
from redtrace.network.context import SEEDS_TABLE
from redtrace.normalise import normalise
from redtrace.resolve import resolve_parties
from redtrace.rules import all_rules, run_rules
from redtrace.scoring import ScoringModel, score

if TYPE_CHECKING:
    from redtrace.io.watchlists import Watchlist

Progress = Callable[[str], None]


@dataclass
class ScreenResult:
    out: Path
    read: ReadResult
    decisions: dict[str, int]
    skipped_rules: list[str] = field(default_factory=list)
    watchlist_entries: int = 0


def detect(engine: Engine, watchlists: list[Path] = (), progress: Progress | None = None) -> tuple[list[str], int]:
    """Normalise, screen names, and raise every indicator; creates `flags`.

    Name screening is pure Python and the other stages mostly run inside the engine, so on a
    large dataset the names are screened in a separate process while the engine works; the
    indicators that need the hits run last. Returns the ids of rules skipped for lack of input,
    and the number of watchlist entries.
    """
    say = progress or (lambda _: None)
    deferred: dict[str, Callable[[], None]] = {}
    entries = 0
    if watchlists:
        say("screening names against watchlists")
        entries, wait = start_name_screening(engine, watchlists)
        deferred = {"watchlist_hits": wait, SEEDS_TABLE: wait}
    say("normalising")
    normalise(engine)
    say("resolving entities")
    resolve_parties(engine)
    skipped = run_indicators(engine, progress=lambda rule: say(f"indicator {rule.id}"), deferred=deferred)
    for wait in deferred.values():  # the hits are reported in parties_scored.csv even if no rule read them
        wait()
    return skipped, entries


# Tables the indicators build that later stages read: the graph, for the report's pictures.
KEPT_FROM_INDICATORS = {"flags", "net_nodes", "net_edges", "order_profiles"}


def run_indicators(engine: Engine, progress: Callable | None = None, deferred: dict[str, Callable[[], None]] | None = None) -> list[str]:
    """Raise every indicator (`redtrace.rules.run_rules`), then drop what they built for themselves
    and the normalised lines and orders, which nothing reads after them but the report's few
    columns of the orders (`report.keep_order_profiles`): at a million orders, gigabytes."""
    from redtrace.report import keep_order_profiles

    deferred = deferred or {}
    before = engine.tables()
    skipped = run_rules(engine, progress=progress, deferred=deferred)
    keep_order_profiles(engine)
    engine.drop(*sorted(engine.tables() - before - KEPT_FROM_INDICATORS - deferred.keys()), "lines_x", "orders_x")
    return skipped


# A watchlist hit seeds the network only when it is more likely the listed party than not.
SEED_MIN_CONFIDENCE = 0.5


def seed_network(engine: Engine) -> None:
    """Table `network_seeds` from `watchlist_hits`: listed parties seed risk propagation through
    the network, as strongly as the match convinces, and only when the party is more likely the
    listed one than a namesake: a namesake must not taint everyone around it."""
    from redtrace.rules.watchlist_match import confident_hits_sql

    engine.create(
        "network_seeds",
        f"""SELECT party_id, max(confidence) AS weight FROM ({confident_hits_sql()}) c
            GROUP BY party_id HAVING max(confidence) >= {SEED_MIN_CONFIDENCE}""",
    )


def screen_watchlists(engine: Engine, paths: list[Path]) -> int:
    """Screen every party's names against the lists now: tables `watchlist_hits`, `network_seeds`."""
    entries, wait = start_name_screening(engine, paths)
    wait()
    return entries


# Below this many parties, starting a process costs more than screening their names in this one.
BACKGROUND_MIN_PARTIES = 20_000


def start_name_screening(engine: Engine, paths: list[Path]) -> tuple[int, Callable[[], None]]:
    """Start screening the parties' names against the lists; returns the number of entries and a
    function that waits for the hits and creates `watchlist_hits` and `network_seeds`.

    The lists are read here, so a bad file is reported at once, not after the other stages."""
    from redtrace.io.watchlists import load_watchlists

    watchlist = load_watchlists([Path(p) for p in paths])
    parties = engine.df("SELECT party_id, kind, name, aliases, country, birth_date FROM parties")
    parties["aliases"] = [";".join(a) if a is not None else "" for a in parties["aliases"]]
    if len(parties) < BACKGROUND_MIN_PARTIES:
        from redtrace.names.worker import screen

        hits = screen(parties, watchlist)

        def result() -> pd.DataFrame:
            return hits
    else:
        result = _start_worker(parties, watchlist)

    @cache
    def wait() -> None:
        engine.register("watchlist_hits", result())
        seed_network(engine)

    return len(watchlist), wait


def _start_worker(parties: pd.DataFrame, watchlist: Watchlist) -> Callable[[], pd.DataFrame]:
    """Screen the names in a fresh interpreter (`redtrace.names.worker`); returns a function that
    waits for its hits. The worker imports this same redtrace, wherever it was imported from."""
    import redtrace

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(redtrace.__file__).parents[1]), env.get("PYTHONPATH")]))
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "redtrace.names.worker"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=errors, env=env)

    def feed() -> None:  # in a thread: the worker reads its input only once it has started up
        try:
            with proc.stdin:
                pickle.dump((parties, watchlist), proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:  # the worker died before reading its input; its error says why
            pass

    threading.Thread(target=feed, daemon=True).start()

    def result() -> pd.DataFrame:
        out = proc.stdout.read()
        if proc.wait() != 0 or not out:
            errors.seek(0)
            raise RuntimeError(f"name screening failed (exit code {proc.returncode}):\n{errors.read().decode(errors='replace')}")
        errors.close()
        return pickle.loads(out)

    return result


def report_sections(engine: Engine, say: Progress, cases: int = 5) -> list[str]:
    """Network pictures around the riskiest entities and, when the dataset has recovered items, their traces."""
    from redtrace.network.context import ensure_communities, ensure_graph
    from redtrace.network.graph import load_graph
    from redtrace.network.pictures import network_html

    sections = []
    say("drawing the networks of the top cases")
    top = engine.df(
        f"""SELECT s.cluster_id, max(s.score) AS score, min(p.name) AS name FROM party_scores s
            JOIN parties p ON p.party_id = s.party_id WHERE s.score > 0
            GROUP BY s.cluster_id ORDER BY score DESC, s.cluster_id LIMIT {int(cases)}"""
    )
    graph = None
    if len(top):
        captions = [(c, f"{n} (entity {c}, score {s:.2f})") for c, s, n in top.itertuples(index=False)]
        ensure_graph(engine)  # the network indicators have built it already, unless none of them ran
        graph = load_graph(engine)
        sections.append(network_html(graph, captions))
    if engine.count("items"):
        from redtrace.trace import trace_items, trace_section_html

        say("tracing recovered items")
        # Ambiguous sales are ranked by risk: this screen's scores, under the names the trace
        # reads (`redtrace trace --scores` loads them from a screen's output files).
        engine.create("orders_scored", "SELECT order_id, score FROM order_scores")
        engine.create("parties_scored", "SELECT party_id, score FROM party_scores")
        if engine.has("net_edges"):  # the buyers' network communities, for the chains of custody
            ensure_communities(engine, graph)
        traced = trace_items(engine)
        sections.append(trace_section_html(traced.traces, traced.chains, traced.readings))
    return [s for s in sections if s]


def screen(
    dataset: Path,
    out: Path,
    watchlists: list[Path] = (),
    model: ScoringModel | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> ScreenResult:
    from redtrace.store.outputs import write_outputs

    engine = engine or create_engine()
    say = progress or (lambda _: None)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    read = read_dataset(Path(dataset), engine, progress=lambda stem: say(f"reading {stem}"))
    skipped, entries = detect(engine, list(watchlists), say)
    say("scoring")
    score(engine, model)
    sections = report_sections(engine, say)
    say("writing outputs")
    write_outputs(engine, read, out, all_rules(), sections)
    decisions = dict(engine.df("SELECT decision, count(*) AS n FROM order_scores GROUP BY decision").itertuples(index=False))
    return ScreenResult(out, read, {d: int(decisions.get(d, 0)) for d in ("clear", "review", "hold")}, skipped, entries)
