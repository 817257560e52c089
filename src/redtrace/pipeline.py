"""`redtrace screen`: read -> validate -> normalise -> detect -> score -> explain -> write.

Every stage reads and writes engine tables; only the edges (reading the dataset, writing the
outputs) touch files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

import pandas as pd

from redtrace.engine import Engine, create_engine
from redtrace.io.dataset import ReadResult, read_dataset
from redtrace.network.context import SEEDS_TABLE
from redtrace.normalise import normalise
from redtrace.resolve import resolve_parties, resolving_parties
from redtrace.rules import all_rules, run_rules
from redtrace.rules.base import RESOLVED
from redtrace.scoring import ScoringModel, score

Progress = Callable[[str], None]


@dataclass
class ScreenResult:
    out: Path
    read: ReadResult
    decisions: dict[str, int]
    skipped_rules: list[str] = field(default_factory=list)
    watchlist_entries: int = 0


def detect(
    engine: Engine,
    watchlists: list[Path] = (),
    progress: Progress | None = None,
    names: NameScreening | None = None,
    resolution: Callable[[], object] | None = None,
) -> tuple[list[str], int]:
    """Normalise, screen names, resolve entities and raise every indicator; creates `flags`.

    Name screening is pure Python and the other stages mostly run inside the engine, so on a
    large dataset the names are screened in a separate process while the engine works; the
    indicators that need the hits run last. `names` is a screening started before the dataset
    was read (else one is made from `watchlists`). `resolution` waits for entity resolution
    started on another thread (`resolving_parties`); the indicators that read its tables run
    after the others. Returns the ids of rules skipped for lack of input, and the number of
    watchlist entries.
    """
    say = progress or (lambda _: None)
    deferred: dict[str, Callable[[], None]] = {}
    names = names or (NameScreening(watchlists) if watchlists else None)
    if names:
        if not names.started:
            say("screening names against watchlists")
            names.start(engine)
    say("normalising")
    normalise(engine)
    if resolution:
        deferred.update(dict.fromkeys(RESOLVED, _saying(say, "waiting for entity resolution", resolution)))
    else:
        say("resolving entities")
        resolve_parties(engine)
    if names:
        hits = partial(names.wait, engine)

        def seeds() -> None:  # namesakes are counted as resolved entities: the clusters are waited for too
            for wait in (deferred.get("clusters"), hits):
                if wait:
                    wait()
            seed_network(engine)

        deferred.update({"watchlist_hits": hits, SEEDS_TABLE: _once(seeds)})
    skipped = run_indicators(engine, progress=lambda rule: say(f"indicator {rule.id}"), deferred=deferred)
    if resolution:  # scoring groups orders by entity even if no rule read the clusters
        resolution()
    if names:  # the hits are reported in parties_scored.csv, and seed the report's network, even if no rule read them
        deferred[SEEDS_TABLE]()
    return skipped, names.entries if names else 0


def _once(make: Callable[[], object]) -> Callable[[], None]:
    """`make`, run the first time the result is called and never again."""
    made = []

    def once() -> None:
        if not made:
            make()
            made.append(True)

    return once


def _saying(say: Progress, message: str, wait: Callable[[], object]) -> Callable[[], None]:
    """`wait`, announced the first time it is called."""
    said = []

    def announced() -> None:
        if not said:
            say(message)
            said.append(True)
        wait()

    return announced


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
        f"""SELECT party_id, max(confidence) AS weight FROM ({confident_hits_sql(engine)}) c
            GROUP BY party_id HAVING max(confidence) >= {SEED_MIN_CONFIDENCE}""",
    )


def screen_watchlists(engine: Engine, paths: list[Path]) -> int:
    """Screen every party's names against the lists now: tables `watchlist_hits`, `network_seeds`."""
    names = NameScreening(paths)
    names.start(engine)
    names.wait(engine)
    seed_network(engine)
    return names.entries


# Below this many parties, starting a process costs more than screening their names in this one,
# once this process has built its matcher.
BACKGROUND_MIN_PARTIES = 20_000


class NameScreening:
    """The parties' names screened against watchlists, in this process or in a `NameWorker`.

    The lists are read on creation, so a bad file is reported at once, not after the other stages.
    With `worker=True` the worker starts at once and builds its matcher while this process reads
    the dataset: right for a one-off process (the command line), which would otherwise spend its
    first seconds of name screening on rigour's tagger. A long-lived one (tests, the API) screens
    small datasets in process (`worker=None`) and builds the tagger once for all of them.
    """

    def __init__(self, paths: list[Path], worker: bool | None = None):
        from redtrace.io.watchlists import load_watchlists
        from redtrace.names.worker import NameWorker

        self.watchlist = load_watchlists([Path(p) for p in paths])
        self.entries = len(self.watchlist)
        self._by_size = worker is None
        self._worker = NameWorker(self.watchlist) if worker else None
        self._hits: Callable[[], pd.DataFrame] | None = None
        self._registered = False

    def start(self, engine: Engine) -> None:
        """Start screening the parties read into `engine` (once)."""
        from redtrace.names.worker import NameWorker, screen

        if self.started:
            return
        parties = engine.df("SELECT party_id, kind, name, aliases, country, birth_date FROM parties")
        parties["aliases"] = [";".join(a) if a is not None else "" for a in parties["aliases"]]
        if self._worker is None and self._by_size and len(parties) >= BACKGROUND_MIN_PARTIES:
            self._worker = NameWorker(self.watchlist)
        if self._worker is None:
            hits = screen(parties, self.watchlist)
            self._hits = lambda: hits
        else:
            self._worker.send(parties)
            self._hits = self._worker.result

    @property
    def started(self) -> bool:
        return self._hits is not None

    def wait(self, engine: Engine) -> None:
        """Wait for the hits; create `watchlist_hits` (once)."""
        if not self._registered:
            engine.register("watchlist_hits", self._hits())
            self._registered = True

    def close(self) -> None:
        """Stop a worker whose hits will not be needed (the screen failed)."""
        if self._worker is not None:
            self._worker.close()


def report_sections(engine: Engine, say: Progress, cases: int = 5) -> list[str]:
    """Network pictures around the riskiest entities and, when the dataset has recovered items, their traces."""
    from concurrent.futures import ThreadPoolExecutor

    from redtrace.network.context import ensure_communities, ensure_graph
    from redtrace.network.graph import load_graph
    from redtrace.network.pictures import network_html
    from redtrace.trace.run import load_lines

    sections = []
    items = engine.count("items") > 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="redtrace-lines") as pool:
        # The trace's marked lines (1M orders: 1.9M lines, ~1 s of engine work that releases
        # the GIL) are read on another cursor while the pictures and communities (igraph and
        # pandas, holding it) are made.
        lines = pool.submit(load_lines, engine.cursor()) if items else None
        say("drawing the networks of the top cases")
        # The top entities are chosen before their parties' names join them.
        top = engine.df(
            f"""SELECT t.cluster_id, t.score, min(p.name) AS name
                FROM (SELECT cluster_id, max(score) AS score FROM party_scores WHERE score > 0
                      GROUP BY cluster_id ORDER BY score DESC, cluster_id LIMIT {int(cases)}) t
                JOIN party_scores s ON s.cluster_id = t.cluster_id AND s.score > 0
                JOIN parties p ON p.party_id = s.party_id
                GROUP BY t.cluster_id, t.score ORDER BY t.score DESC, t.cluster_id"""
        )
        graph = None
        if len(top):
            captions = [(c, f"{n} (entity {c}, score {s:.2f})") for c, s, n in top.itertuples(index=False)]
            ensure_graph(engine)  # the network indicators have built it already, unless none of them ran
            graph = load_graph(engine)
            sections.append(network_html(graph, captions))
        if items:
            from redtrace.trace import trace_items, trace_section_html

            say("tracing recovered items")
            # Ambiguous sales are ranked by risk: this screen's scores, under the names the trace
            # reads (`redtrace trace --scores` loads them from a screen's output files).
            engine.create("orders_scored", "SELECT order_id, score FROM order_scores")
            engine.create("parties_scored", "SELECT party_id, score FROM party_scores")
            if engine.has("net_edges"):  # the buyers' network communities, for the chains of custody
                ensure_communities(engine, graph)
            traced = trace_items(engine, lines=lines.result())
            sections.append(trace_section_html(traced.traces, traced.chains, traced.readings))
    return [s for s in sections if s]


def screen(
    dataset: Path,
    out: Path,
    watchlists: list[Path] = (),
    model: ScoringModel | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
    names_in_worker: bool | None = None,
) -> ScreenResult:
    """`names_in_worker`: screen names in a worker process started before the dataset is read
    (True), in this process (False), or by the dataset's size (None; see `NameScreening`)."""
    from redtrace.store.outputs import writing_outputs

    engine = engine or create_engine()
    say = progress or (lambda _: None)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names = NameScreening(watchlists, worker=names_in_worker) if watchlists else None

    resolution = None

    def loaded(stem: str) -> None:
        # The names are screened, and entities resolved, while the other files are read.
        nonlocal resolution
        if names and stem == "parties":
            say("screening names against watchlists")
            names.start(engine)
        if stem == "relations":
            say("resolving entities")
            resolution = resolving_parties(engine)

    try:
        read = read_dataset(Path(dataset), engine, progress=lambda stem: say(f"reading {stem}"), loaded=loaded)
        skipped, entries = detect(engine, list(watchlists), say, names=names, resolution=resolution)
    finally:
        if names:
            names.close()
    say("scoring")
    score(engine, model)
    # The scored files are written on another thread while the sections (the trace) are built.
    with writing_outputs(engine, read, out, all_rules()) as finish:
        sections = report_sections(engine, say)
        say("writing outputs")
        finish(sections)
    decisions = dict(engine.df("SELECT decision, count(*) AS n FROM order_scores GROUP BY decision").itertuples(index=False))
    return ScreenResult(out, read, {d: int(decisions.get(d, 0)) for d in ("clear", "review", "hold")}, skipped, entries)
