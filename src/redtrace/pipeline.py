"""`redtrace screen`: read -> validate -> normalise -> detect -> score -> explain -> write.

Every stage reads and writes engine tables; only the edges (reading the dataset, writing the
outputs) touch files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from redtrace.engine import Engine, create_engine
from redtrace.io.dataset import ReadResult, read_dataset
from redtrace.normalise import normalise
from redtrace.resolve import resolve_parties
from redtrace.rules import all_rules, run_rules
from redtrace.scoring import ScoringModel, score

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

    Returns the ids of rules skipped for lack of input, and the number of watchlist entries.
    """
    say = progress or (lambda _: None)
    say("normalising")
    normalise(engine)
    say("resolving entities")
    resolve_parties(engine)
    entries = 0
    if watchlists:
        say("screening names against watchlists")
        entries = screen_watchlists(engine, watchlists)
    return run_indicators(engine, progress=lambda rule: say(f"indicator {rule.id}")), entries


# Tables the indicators build that later stages read: the graph, for the report's pictures.
KEPT_FROM_INDICATORS = {"flags", "net_nodes", "net_edges"}


def run_indicators(engine: Engine, progress: Callable | None = None) -> list[str]:
    """Raise every indicator (`redtrace.rules.run_rules`), then drop what they built for themselves
    and the normalised lines, which nothing reads after them: at a million orders, gigabytes."""
    before = engine.tables()
    skipped = run_rules(engine, progress=progress)
    engine.drop(*sorted(engine.tables() - before - KEPT_FROM_INDICATORS), "lines_x")
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
    from redtrace.io.watchlists import load_watchlists
    from redtrace.names.screening import screen_parties

    watchlist = load_watchlists([Path(p) for p in paths])
    parties = engine.table("parties")
    parties["aliases"] = [";".join(a) if a is not None else "" for a in parties["aliases"]]
    hits = screen_parties(parties, watchlist)
    engine.register("watchlist_hits", hits.astype({"score": "float64"}))
    seed_network(engine)
    return len(watchlist)


def report_sections(engine: Engine, say: Progress, cases: int = 5) -> list[str]:
    """Network pictures around the riskiest entities and, when the dataset has recovered items, their traces."""
    from redtrace.network.graph import build_graph, load_graph
    from redtrace.network.pictures import network_html

    sections = []
    say("drawing the networks of the top cases")
    top = engine.df(
        f"""SELECT s.cluster_id, max(s.score) AS score, min(p.name) AS name FROM party_scores s
            JOIN parties p ON p.party_id = s.party_id WHERE s.score > 0
            GROUP BY s.cluster_id ORDER BY score DESC, s.cluster_id LIMIT {int(cases)}"""
    )
    if len(top):
        captions = [(c, f"{n} (entity {c}, score {s:.2f})") for c, s, n in top.itertuples(index=False)]
        # The network indicators have built the graph already, unless none of them ran.
        graph = load_graph(engine) if engine.has("net_edges") else build_graph(engine)
        sections.append(network_html(graph, captions))
    if engine.count("items"):
        from redtrace.trace import trace_items, trace_section_html

        say("tracing recovered items")
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
