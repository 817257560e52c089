"""Combine flags into one score per order and per party, and decide clear / review / hold.

Every flag contributes
    contribution = strength x weight(rule)
and a target's score is the noisy-OR of its contributions on top of a base rate,
    score = 1 - (1 - base_rate) x prod(1 - contribution),
so a score reads as a probability that the order is illicit and decomposes exactly into the
contributions listed in flags.jsonl and the report.

Default contributions, unless a trained model (`redtrace train`, see `scoring.train`) sets them:
- the rule's public-guidance severity (low 0.15, medium 0.45, high 0.75: what a textbook case of
  the indicator alone says), times
- the rarity of evidence this strong in this dataset: with r the share of orders on which the rule
  is at least as strong as on this one, a flag keeps its full weight when r <= 0.3%, and
  log(r) / log(0.3%) of it above (3% -> 0.6, 10% -> 0.4, never below a tenth). A flag raised on
  most orders tells a reviewer little, whatever the guidance says; and each engineer's strength
  scale becomes one common scale, the rarity of the evidence. Under 200 orders the data cannot say
  what is rare, and contribution = strength x severity weight; and
- how far the indicator's family is corroborated by the others in this dataset
  (`scoring.agreement`): whole when the other indicators find its orders odd at least twice as
  often as the rest, less below, a tenth when no more often. An indicator firing on orders nothing
  else finds odd, as many do when the data lacks a column they need, weighs little; its party
  flags take the same factor.

Indicators that restate one public red flag count once per order: two rules that cite two or more
of the same indicator ids and fire on overlapping orders (Jaccard >= 0.1 in this dataset) form a family,
and only the strongest flag of a family counts towards the order (`order_families.family`; the
others stay listed as corroboration). A shipment to an unrelated consignee abroad is one fact,
whether the destination rule or the transshipment-chain rule raises it.

An order also carries the flags of its buyer, consignee and payer (a watchlisted buyer makes each
of its orders risky). A party's score is the noisy-OR of its own flags and the stronger of two
readings of its record: its riskiest orders (as buyer, consignee or payer), and the riskiest
company it directs or owns (see `_party_scores`); parties resolved into one entity (table
`clusters`) share the entity's score.

Two second passes follow the first scoring of every order: `net.flagged_link` spreads what the
first caught (a company whose orders score at or above the review cut without link flags) to the
companies sharing a person or an identifier with it (`flagged_link_flags`), and
`context.buyer_history` to the same buyer's other orders (`buyer_history_flags`).

Decisions come from a review budget: the top `budget` share of orders by score (never below
`floor`) is reviewed; of those, the ones at or above `hold_at` are held.
"""

from __future__ import annotations

import json
import math
from itertools import combinations
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from redtrace.engine import Engine
from redtrace.engine.bitsets import bit_words, spelled_sets
from redtrace.scoring.agreement import agreement_factors

SEVERITY_WEIGHT = {"low": 0.15, "medium": 0.45, "high": 0.75}
# How much of a party's flag an order inherits, by the party's role on the order.
ROLE_SHARE = {"buyer_id": 1.0, "consignee_id": 0.8, "payer_id": 0.8}
# Odds a director or owner carries of what their company answers for: half. A multiple of the
# odds, not of the probability, keeps controllers in the order of their companies' ranking, since
# scores near 1 (0.97 for a legitimate company with odd orders, 0.999 for a front) differ in odds.
CONTROLLER_ODDS = 0.5
# A party's order evidence: the mean of its riskiest few orders, so one unlucky order among hundreds
# does not make a big customer look like a front.
TOP_ORDERS = 3
NOMINEE_COMPANIES = 5  # board seats at one registered address that make a director a nominee (see _not_nominee)
HISTORY_RULE = "context.buyer_history"
LINK_RULE = "net.flagged_link"
LINK_MIN_STRENGTH = 0.1  # a tie weaker than this (one of a dozen co-tenants of a caught company) is not worth a look
FLAG_COLUMNS = ("rule_id", "target_kind", "target_id", "severity", "strength", "evidence")
MAX_CONTRIBUTION = 0.999  # keeps log(1 - c) finite
FAMILY_SHARED = 2  # cited indicator ids two rules must share to restate one red flag
FAMILY_OVERLAP = 0.1  # Jaccard of two same-indicator rules' orders above which they count once
RARE_SHARE = 0.003  # evidence this strong on this share of orders or fewer keeps its full weight
RARITY_FLOOR = 0.1  # even a ubiquitous indicator keeps a tenth of its weight: its evidence still shows
# A rule whose strength grades how odd a sure fact is (Rule.strength_is_degree) rates a flag below
# this strength as nearer ordinary than odd: it keeps strength / DEGREE_FULL of its weight.
DEGREE_FULL = 0.5
MIN_ORDERS_FOR_RARITY = 200  # fewer orders say nothing about how common an indicator is
SCORE_DIGITS = 12  # decimals an order's score keeps: far below any difference that means something
FLAG_ORDER = "contribution DESC, target_kind, target_id, rule_id"  # flags.jsonl's row order (`store.flags`)


@dataclass
class ScoringModel:
    weights: dict[str, float] = field(default_factory=dict)  # rule id -> weight; missing = severity x rarity
    budget: float = 0.02
    floor: float = 0.25
    hold_at: float = 0.7
    base_rate: float = 0.0  # score of an order without any flag (a trained model's intercept)
    rarity: bool = True  # scale default weights by how rare each indicator is in the data
    # "noisy_or" (default): contributions are probabilities, combined by noisy-OR.
    # "logistic" (trained): contributions are log-odds points, score = sigmoid(intercept + sum).
    kind: str = "noisy_or"
    offsets: dict[str, float] = field(default_factory=dict)  # logistic: log-odds a raised flag adds at any strength
    intercept: float = 0.0  # logistic: log-odds of an order without flags
    buyer_history: bool = True  # second pass: orders of a buyer with another order worth reviewing
    flagged_links: bool = True  # second pass: parties linked to one the first pass caught (net.flagged_link)
    agreement: bool = True  # scale default weights by each indicator's agreement with the others (scoring.agreement)
    source: str = "default: public-guidance severity x rarity"

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(asdict(self), indent=2, sort_keys=True))

    @classmethod
    def load(cls, path: Path) -> "ScoringModel":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(Path(path).read_text()).items() if k in known})


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def rarity_factor(share: float) -> float:
    """Weight kept by an indicator raised on `share` of the orders."""
    if share <= RARE_SHARE:
        return 1.0
    return max(RARITY_FLOOR, min(1.0, math.log(share) / math.log(RARE_SHARE)))


def _rule_orders_sql(flags: str = "flags") -> str:
    """SQL: one row per (rule_id, order_id) the rule bears on, through the order itself or one of
    its parties (at the role's share), with its strongest `strength` there. (A role column left
    all empty, as in a hand-made orders table, may come typed as a number: the cast keeps the
    join on text.)"""
    roles = " UNION ALL ".join(
        f"SELECT f.rule_id, o.order_id, f.strength * {share} AS strength FROM {flags} f "
        f"JOIN orders o ON CAST(o.{role} AS STRING) = f.target_id WHERE f.target_kind = 'party'"
        for role, share in ROLE_SHARE.items()
    )
    return f"""SELECT rule_id, order_id, max(strength) AS strength FROM (
                   SELECT rule_id, target_id AS order_id, strength FROM {flags} WHERE target_kind = 'order'
                   UNION ALL {roles}) t
               GROUP BY rule_id, order_id"""


def _strength_counts(engine: Engine, flags: str = "flags", rule_orders: str = ""):
    """(orders in the data, orders per rule_id and strength in `flags`, an order counted once per
    rule at its strongest); no counts under MIN_ORDERS_FOR_RARITY orders. Rule shares and tail
    weights both read these counts, so the join of flags onto orders runs once; `rule_orders`,
    a table of `_rule_orders_sql(flags)` when one was made, saves running it at all."""
    n = engine.scalar("SELECT count(*) FROM orders") or 0
    if n < MIN_ORDERS_FOR_RARITY:
        return n, None
    return n, engine.df(
        f"""SELECT rule_id, strength, count(*) AS k FROM {rule_orders or f'({_rule_orders_sql(flags)})'} p
            GROUP BY rule_id, strength ORDER BY rule_id, strength"""
    )


def _shares(n: int, counts) -> dict[str, float]:
    if counts is None:
        return {}
    return {rule: float(k) / n for rule, k in counts.groupby("rule_id").k.sum().items()}


def order_shares(engine: Engine, flags: str = "flags") -> dict[str, float]:
    """Share of orders each rule touches, through the order itself or one of its parties."""
    return _shares(*_strength_counts(engine, flags))


def rule_weights(engine: Engine, model: ScoringModel, flags: str = "flags",
                 shares: dict[str, float] | None = None) -> dict[str, float]:
    """The weight each rule present in `flags` gets under `model` (`shares`: `order_shares`, when known)."""
    severities = dict(engine.df(f"SELECT DISTINCT rule_id, severity FROM {flags}").itertuples(index=False))
    if shares is None:
        shares = order_shares(engine, flags) if model.rarity else {}
    out = {}
    for rule, sev in severities.items():
        if rule in model.weights:
            out[rule] = float(model.weights[rule])
            continue
        default = SEVERITY_WEIGHT.get(sev, 0.0) * (rarity_factor(shares.get(rule, 0.0)) if model.rarity else 1.0)
        # A rule a trained model never saw adds, in log-odds, what its default adds under noisy-OR.
        out[rule] = -math.log(1 - min(default, MAX_CONTRIBUTION)) if model.kind == "logistic" else default
    return out


def _weight_sql(weights: dict[str, float], rule: str = "rule_id") -> str:
    cases = " ".join(f"WHEN {rule} = {_q(r)} THEN {float(w)!r}" for r, w in sorted(weights.items()))
    return f"CASE {cases} ELSE 0.0 END" if cases else "0.0"


def _noisy_or(contribution: str) -> str:
    return f"1 - exp(sum(ln(1 - least({contribution}, {MAX_CONTRIBUTION}))))"


@dataclass
class _FirstPass:
    """What scoring every order settles that the buyer-history pass reuses (`order_contributions`)."""
    overlaps: tuple | None  # how the rules' orders overlap (`_overlaps`); None under a trained model
    shares: dict[str, float]  # share of orders each rule touches (`order_shares`); {} without rarity
    words: list[list[str]]  # the rules' bits in `order_families` (`bitsets.bit_words`)
    factor: str  # SQL on `family`: the agreement factor on `order_families`' values (`_agree`)


def order_contributions(engine: Engine, model: ScoringModel) -> _FirstPass:
    """Create `flag_levels` (each flag's contribution, see `_weigh_flags`) and `order_families`
    (what each family of rules counts for on each order, `_family_rows_sql`). Scoring every order
    needs only those numbers: the flags' rows per order are never kept, and the report asks
    `contribution_rows_sql` for its few orders' flags and evidence.

    A trained model has already learned how indicators overlap and counts each rule once: no
    families and no overlaps then."""
    # One row per rule and order it bears on serves both the rarity counts and the families'
    # overlaps: both would otherwise join the flags onto the orders again.
    families_needed = model.kind != "logistic"
    rule_orders = "rule_orders" if model.rarity or families_needed else ""
    if rule_orders:
        engine.create(rule_orders, _rule_orders_sql("flags"))
    shares = _weigh_flags(engine, model, "flags", "flag_levels", rule_orders)
    cited = _cited_indicators()
    overlaps = _overlaps(engine, rule_orders, cited) if families_needed else None
    families = _family_roots(*overlaps, cited, FAMILY_OVERLAP) if overlaps else {}
    if rule_orders:
        engine.drop(rule_orders)
    # The history rule has its bit from the start: the second pass adds its flags to these rows.
    words = bit_words(sorted(set(engine.df("SELECT DISTINCT rule_id FROM flag_levels").rule_id) | {HISTORY_RULE}))
    engine.create("order_families", _family_rows_sql("flags", "flag_levels", families, words))
    engine.drop("rule_agreement")
    factor = _agree(engine, model, families, words) if families_needed and model.agreement else "1.0"
    return _FirstPass(overlaps, shares, words, factor)


def _agree(engine: Engine, model: ScoringModel, families: dict[str, str], words: list[list[str]]) -> str:
    """Scale the default contributions in `flag_levels` by their family's agreement with the other
    indicators (`scoring.agreement`, measured on `order_families`); a weight the model sets stays
    as set. Returns the SQL factor, on `family`, that scales `order_families`' values alike. The
    factors stay in table `rule_agreement` for the party flags (`_party_scores`).

    A family's strongest flag scaled is its strongest value scaled (rounding keeps the order of
    numbers), so the orders' families are not weighed again; unless a family mixes rules the
    model weighs with rules it scales, when they are."""
    import pandas as pd

    if (engine.scalar("SELECT count(*) FROM orders") or 0) < MIN_ORDERS_FOR_RARITY:
        return "1.0"
    graded = {r for r, rule in _declared_rules().items() if rule.strength_is_confidence}
    factors = agreement_factors(engine, "order_families", frozenset((families or {}).get(r, r) for r in graded))
    scaled = {r: factors[f] for r, f in (families or {f: f for f in factors}).items() if f in factors and r not in model.weights}
    engine.register("rule_agreement", pd.DataFrame({"rule_id": pd.Series(list(scaled), dtype="string"),
                                                  "factor": pd.Series(list(scaled.values()), dtype="float64")}))
    if not scaled:
        return "1.0"
    scale = f"CASE {' '.join(f'WHEN rule_id = {_q(r)} THEN {x!r}' for r, x in sorted(scaled.items()))} ELSE 1.0 END"
    columns = ", ".join(f"contribution * {scale} AS contribution" if c == "contribution" else c for c in engine.columns("flag_levels"))
    engine.create("flag_levels", f"SELECT {columns} FROM flag_levels")
    by_family = {families.get(r, r): x for r, x in scaled.items()}
    if any(families.get(r, r) in by_family and r not in scaled for word in words for r in word):
        engine.create("order_families", _family_rows_sql("flags", "flag_levels", families, words))
        return "1.0"
    return f"CASE {' '.join(f'WHEN family = {_q(f)} THEN {x!r}' for f, x in sorted(by_family.items()))} ELSE 1.0 END"


def _weigh_flags(engine: Engine, model: ScoringModel, flags: str, into: str, rule_orders: str = "") -> dict[str, float]:
    """Create `into` (rule_id, severity, strength, contribution): the contribution under `model` of
    each distinct (rule, severity, strength) of `flags` (`rule_orders`: see `_strength_counts`).

    A contribution depends on nothing else, and a million flags have a few thousand of those: the
    flags are joined to them where they are read (`weighed_flags_sql`) instead of copied, evidence
    and all, with their contribution, and copied again in flags.jsonl's order. Returns the
    rules' `order_shares` in `flags` ({} without rarity)."""
    n, counts = _strength_counts(engine, flags, rule_orders) if model.rarity else (0, None)
    shares = _shares(n, counts)
    weights = rule_weights(engine, model, flags, shares)
    offset = _weight_sql(model.offsets, "f.rule_id") if model.kind == "logistic" else "0.0"
    plain = f"{offset} + f.strength * {_weight_sql(weights, 'f.rule_id')}"
    levels = f"(SELECT DISTINCT rule_id, severity, strength FROM {flags}) f"
    if model.kind != "logistic" and _tail_weights(engine, model, flags, n, counts):
        engine.create(
            into,
            f"""SELECT f.rule_id, f.severity, f.strength, coalesce(t.tail, {plain}) AS contribution FROM {levels}
                LEFT JOIN tail_weights t ON t.rule_id = f.rule_id AND t.severity = f.severity AND t.strength = f.strength""",
        )
        engine.drop("tail_weights")
    else:
        engine.create(into, f"SELECT f.rule_id, f.severity, f.strength, {plain} AS contribution FROM {levels}")
    return shares


def weighed_flags_sql(flags: str = "flags", levels: str = "flag_levels", evidence: bool = False) -> str:
    """SQL: the rows of `flags` with their `contribution` from `levels` (`_weigh_flags`); with
    `evidence`, each with its evidence. (A flag without strength has no contribution, as the
    arithmetic gives; one without severity finds its level all the same.)"""
    text = " f.evidence," if evidence else ""
    return f"""SELECT f.rule_id, f.target_kind, f.target_id, f.severity, f.strength,{text} l.contribution
               FROM {flags} f LEFT JOIN {levels} l ON l.rule_id = f.rule_id AND l.strength = f.strength
                    AND l.severity IS NOT DISTINCT FROM f.severity"""


def contribution_rows_sql(flags: str = "flags", levels: str = "flag_levels", evidence: bool = False, orders: str = "") -> str:
    """SQL: a row per order and flag of `flags`, weighed by `levels` (`weighed_flags_sql`), that
    bears on it: the order's own flags (`via` 'order') and its buyer's, consignee's and payer's at
    the role's share. With `evidence`, each row carries its flag's evidence; `orders`, a SQL list
    of order ids, keeps only those orders."""
    weights = f"({weighed_flags_sql(flags, levels, evidence)})"
    text = " f.evidence," if evidence else ""
    only = f" AND {{}} IN ({orders})" if orders else ""
    inherited = " UNION ALL ".join(
        f"""SELECT o.order_id, f.rule_id, f.severity, f.strength * {share} AS strength, f.contribution * {share} AS contribution,
                   {text} '{role.removesuffix('_id')}' AS via
            FROM {weights} f JOIN orders o ON o.{role} = f.target_id WHERE f.target_kind = 'party'{only.format('o.order_id')}"""
        for role, share in ROLE_SHARE.items()
    )
    return f"""SELECT f.target_id AS order_id, f.rule_id, f.severity, f.strength, f.contribution,{text} 'order' AS via
               FROM {weights} f WHERE f.target_kind = 'order'{only.format('f.target_id')}
               UNION ALL {inherited}"""


def _family_rows_sql(flags: str, levels: str, families: dict[str, str], words: list[list[str]]) -> str:
    """SQL: one row per order and family of rules (`families`: rule id -> family id, a rule
    without one its own) that bears on it through `flags` weighed by `levels`
    (`contribution_rows_sql`): `counted`, the family's strongest contribution there, which is
    what it counts for; `deeds`, the same without the flags about how the order's parties are
    linked (`_link_rules`: see `_party_scores`); and the bits (`words`) of its rules in columns
    w0, w1, ... Grouped, not ranked: a score needs the strongest value only, not which flag
    holds it."""
    fam = " ".join(f"WHEN rule_id = {_q(r)} THEN {_q(f)}" for r, f in sorted(families.items()))
    links = ", ".join(map(_q, _link_rules()))
    # A family only link flags bring weighs 0: nothing, in a noisy-OR or a sum of log-odds.
    deeds = f"coalesce(max(CASE WHEN via = 'order' OR rule_id NOT IN ({links}) THEN contribution END), 0.0)" if links else "max(contribution)"
    bits = [f"CASE rule_id {' '.join(f'WHEN {_q(r)} THEN {1 << b}' for b, r in enumerate(w))} ELSE 0 END" if w else "0"
            for w in words]
    return f"""SELECT order_id, family, max(contribution) AS counted, {deeds} AS deeds,
                      {', '.join(f'bit_or({b}) AS {n}' for b, n in zip(bits, _bit_columns(words)))}
               FROM (SELECT r.*, {f'CASE {fam} ELSE rule_id END' if fam else 'rule_id'} AS family
                     FROM ({contribution_rows_sql(flags, levels)}) r) r
               GROUP BY order_id, family"""


def _declared_rules() -> dict:
    """rule id -> Rule, for every rule module of redtrace.rules (registered or not)."""
    import pkgutil
    from importlib import import_module

    import redtrace.rules as package

    out = {}
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        try:
            rule = getattr(import_module(f"redtrace.rules.{info.name}"), "RULE", None)
        except Exception:  # a module being written by someone else must not stop scoring
            continue
        if rule is not None:
            out[rule.id] = rule
    return out


def _cited_indicators() -> dict[str, tuple[str, ...]]:
    return {r: tuple(rule.indicators) for r, rule in _declared_rules().items()}


def _tail_weights(engine: Engine, model: ScoringModel, flags: str, n: int, counts) -> bool:
    """Table `tail_weights` (rule_id, severity, strength, tail): default contributions from how rare evidence this strong is: a flag of strength s weighs
    severity x rarity(share of orders on which the rule is at least s strong). Strength scales
    differ from rule to rule; the share of orders with evidence at least as strong does not.

    Worked out once per distinct (rule, severity, strength), which a million orders have few of,
    for joining onto the flags of `flags`; `n`, `counts` are `_strength_counts`. False (no table)
    when no flag takes a tail weight."""
    import numpy as np
    import pandas as pd

    if counts is None:
        return False
    levels = engine.df(f"SELECT DISTINCT rule_id, severity, strength FROM {flags}")
    levels = levels[~levels.rule_id.isin(set(model.weights))]
    if levels.empty:
        return False
    by_rule = {r: g for r, g in counts.groupby("rule_id")}
    # A rule whose strength is the chance that the fact holds at all (a name match) keeps it as a
    # factor: a rare weak match is still a weak match.
    uncertain = {r for r, rule in _declared_rules().items() if rule.strength_is_confidence}
    graded = {r for r, rule in _declared_rules().items() if rule.strength_is_degree}
    parts = []
    for rule, g in levels.groupby("rule_id"):
        c = by_rule.get(rule)
        strengths = c.strength.to_numpy(dtype=float) if c is not None else np.zeros(0)
        # at_least[i]: orders at strength >= strengths[i]; at_least[len] = 0.
        at_least = np.append(np.cumsum(c.k.to_numpy()[::-1])[::-1], 0) if c is not None else np.zeros(1)
        wanted = g.strength.to_numpy(dtype=float)
        share = np.maximum(at_least[np.searchsorted(strengths, wanted - 1e-12, side="left")] / n, 1.0 / n)
        rarity = np.where(share <= RARE_SHARE, 1.0, np.clip(np.log(share) / math.log(RARE_SHARE), RARITY_FLOOR, 1.0))
        severity = g.severity.map(SEVERITY_WEIGHT).fillna(0.0).to_numpy(dtype=float)
        grade = wanted if rule in uncertain else np.minimum(1.0, wanted / DEGREE_FULL) if rule in graded else 1.0
        parts.append(g.assign(tail=severity * rarity * grade))
    engine.register("tail_weights", pd.concat(parts, ignore_index=True)[["rule_id", "severity", "strength", "tail"]])
    return True


def _overlaps(engine: Engine, table: str, cited: dict[str, tuple[str, ...]]) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """(orders per rule, orders per pair of rules (a, b), a < b, that may form a family) in
    `table`, one row per order and rule that bears on it. Only pairs citing enough indicators in
    common are joined: the rest can never be one family, and joining every rule's orders with
    every other's is most of the work."""
    sizes = dict(engine.df(f"SELECT rule_id, count(*) AS n FROM {table} GROUP BY rule_id").itertuples(index=False))
    pairs = [(a, b) for a, b in combinations(sorted(sizes), 2) if _may_share(a, b, cited)]
    shared = {}
    if pairs:
        listed = " UNION ALL ".join(f"SELECT {_q(a)} AS a, {_q(b)} AS b" for a, b in pairs)
        shared = {
            (a, b): int(k)
            for a, b, k in engine.df(
                f"""SELECT p.a, p.b, count(*) AS k FROM ({listed}) p JOIN {table} x ON x.rule_id = p.a
                    JOIN {table} y ON y.rule_id = p.b AND y.order_id = x.order_id GROUP BY p.a, p.b"""
            ).itertuples(index=False)
        }
    return sizes, shared


def _may_share(a: str, b: str, cited: dict[str, tuple[str, ...]]) -> bool:
    """Whether rules `a` and `b` cite enough indicators in common to restate one red flag."""
    return len(set(cited.get(a, ())) & set(cited.get(b, ()))) >= FAMILY_SHARED


def _family_roots(sizes: dict[str, int], shared: dict[tuple[str, str], int], cited: dict[str, tuple[str, ...]],
                  min_overlap: float) -> dict[str, str]:
    """rule id -> family id (the family's first rule id) from `_overlaps`."""
    parent = {r: r for r in sizes}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    rules = sorted(sizes)
    for i, a in enumerate(rules):
        for b in rules[i + 1:]:
            if not _may_share(a, b, cited):
                continue
            both = shared.get((a, b), 0)
            overlap = both / max(1, sizes[a] + sizes[b] - both)
            if overlap >= min_overlap:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    return {r: find(r) for r in rules}


def _combination(model: ScoringModel) -> tuple[float, str, str]:
    """(score of an order without flags, SQL of an order's score from the aggregate `{}` of its
    families' values, SQL aggregating its families' values `{}` (`_family_rows_sql`)), the
    last two to fill with str.format."""
    if model.kind == "logistic":
        base = 1 / (1 + math.exp(-float(model.intercept)))
        return base, f"1 / (1 + exp(-({float(model.intercept)!r} + coalesce({{}}, 0.0))))", "sum({})"
    base = min(max(float(model.base_rate), 0.0), MAX_CONTRIBUTION)
    return base, f"1 - (1 - {base!r}) * (1 - coalesce({{}}, 0.0))", _noisy_or("{}")


def _raw_scores(engine: Engine, model: ScoringModel) -> tuple[float, _FirstPass]:
    """Create `flag_levels`, `order_families` and `order_raw_scores`; returns the score of an
    order without flags and what the history pass reuses (see order_contributions)."""
    first = order_contributions(engine, model)
    _order_scores(engine, model, "order_raw_scores", "order_families", first.words, first.factor)
    return _combination(model)[0], first


def _order_scores(engine: Engine, model: ScoringModel, into: str, families: str, words: list[list[str]],
                  factor: str = "1.0", only: str = "") -> None:
    """Create `into`: each order's score, `deeds` (its score without the flags about how its
    parties are linked), rules as bits (`words`, in columns w0, w1, ...; see `_flag_lists`),
    buyer, consignee and payer, from `families` (rows of `_family_rows_sql`, one per order and
    family) with their values times the SQL `factor`. `only`: a table of the order ids to
    score, else every order. The parties come along, as the orders are read for their ids
    anyway: the party scores and the history pass need them.

    Scores are rounded to SCORE_DIGITS: a parallel sum adds an order's terms in whatever order its
    threads meet them, and two orders with the same flags must tie exactly, for the review cut and
    the buyer-history ranking to break the tie by order id, the same way on every run."""
    _, combined, per_order = _combination(model)
    names = _bit_columns(words)
    engine.create(
        into,
        f"""SELECT o.order_id, round({combined.format('s.score')}, {SCORE_DIGITS}) AS score,
                   round({combined.format('s.deeds')}, {SCORE_DIGITS}) AS deeds, {', '.join(f'coalesce(s.{n}, 0) AS {n}' for n in names)},
                   o.buyer_id, o.consignee_id, o.payer_id
            FROM orders o LEFT JOIN (
                SELECT order_id, {per_order.format(f'counted * {factor}')} AS score, {per_order.format(f'deeds * {factor}')} AS deeds,
                       {', '.join(f'bit_or({n}) AS {n}' for n in names)}
                FROM {families} GROUP BY order_id) s ON s.order_id = o.order_id
            {f'WHERE o.order_id IN (SELECT order_id FROM {only})' if only else ''}""",
    )


def _bit_columns(words: list[list[str]]) -> list[str]:
    """The columns that hold the rules' bits of `words`: w0, w1, ..."""
    return [f"w{i}" for i in range(len(words))]


def _flag_lists(engine: Engine, words: list[list[str]]) -> None:
    """Table `rule_sets`: each distinct set of rules of `order_raw_scores` (columns w0, w1, ...: bits
    of `words`) with `flags`, its rule ids in order, joined by ';'. A few thousand sets of rules
    stand for every order, and a sorted list of rule ids per order cost more than its score."""
    names = _bit_columns(words)
    engine.register("rule_sets", spelled_sets(engine, "order_raw_scores", names, words, ";").rename(columns={"spelled": "flags"}))


def _set_join(words: list[list[str]], table: str) -> str:
    """SQL join condition of `rule_sets` g onto the bits of `table` (`_flag_lists`)."""
    return " AND ".join(f"g.{n} = {table}.{n}" for n in _bit_columns(words))


def _orders_per_rule(engine: Engine, words: list[list[str]], orders: str) -> dict[str, int]:
    """rule id -> how many orders of `orders` (SQL of order ids) it bears on, by `order_families`' bits."""
    names = _bit_columns(words)
    sets = engine.df(
        f"""SELECT {', '.join(names)}, count(*) AS k FROM (
                SELECT order_id, {', '.join(f'bit_or({n}) AS {n}' for n in names)} FROM order_families
                WHERE order_id IN ({orders}) GROUP BY order_id) o
            GROUP BY {', '.join(names)}"""
    )
    k = sets.k.to_numpy(dtype="int64")
    out = {}
    for word, name in zip(words, names):
        masks = sets[name].to_numpy(dtype="int64")
        for b, rule in enumerate(word):
            if n := int(k[(masks >> b) & 1 == 1].sum()):
                out[rule] = n
    return out


def _rescore_history(engine: Engine, model: ScoringModel, first: _FirstPass) -> bool:
    """The second pass for only the orders `history_flags` flags: their levels join `flag_levels`,
    and their families and scores are worked out again; every other order keeps its first pass,
    which is what scoring it again would give. False, with nothing changed, when that does not
    hold: the rule had flags already, or its orders overlap another rule's enough to regroup the
    families (`first.overlaps`)."""
    if engine.scalar(f"SELECT count(*) FROM flag_levels WHERE rule_id = {_q(HISTORY_RULE)}"):
        return False
    families = {}
    if first.overlaps is not None:
        sizes, shared = first.overlaps
        cited = _cited_indicators()
        before = _family_roots(sizes, shared, cited, FAMILY_OVERLAP)
        sizes = {**sizes, HISTORY_RULE: int(engine.scalar("SELECT count(DISTINCT target_id) FROM history_flags"))}
        shared = {**shared, **{tuple(sorted((rule, HISTORY_RULE))): k for rule, k in
                               _orders_per_rule(engine, first.words, "SELECT target_id FROM history_flags").items()}}
        families = _family_roots(sizes, shared, cited, FAMILY_OVERLAP)
        if any(families[r] != f for r, f in before.items()):
            return False
    engine.create("history_orders", "SELECT DISTINCT target_id AS order_id FROM history_flags")
    # The rule had no flags (checked above): its levels are new, and weighed on its flags alone.
    _weigh_flags(engine, model, "history_flags", "history_levels")
    engine.append("flag_levels", "SELECT rule_id, severity, strength, contribution FROM history_levels")
    # The families stand (checked above): the orders' first-pass values, as scaled, meet the new
    # flags' in them.
    names = _bit_columns(first.words)
    rows = f"""(SELECT order_id, family, max(counted) AS counted, max(deeds) AS deeds,
                       {', '.join(f'bit_or({n}) AS {n}' for n in names)} FROM (
                    SELECT order_id, family, counted * {first.factor} AS counted, deeds * {first.factor} AS deeds, {', '.join(names)}
                    FROM order_families WHERE order_id IN (SELECT order_id FROM history_orders)
                    UNION ALL {_family_rows_sql('history_flags', 'history_levels', families, first.words)}) r
                GROUP BY order_id, family) f"""
    _order_scores(engine, model, "history_scores", rows, first.words, only="history_orders")
    engine.create("order_raw_scores", "SELECT * FROM order_raw_scores WHERE order_id NOT IN (SELECT order_id FROM history_orders) "
                                      "UNION ALL SELECT * FROM history_scores")
    engine.drop("history_orders", "history_levels", "history_scores")
    return True


def buyer_history_flags(engine: Engine, cut: float, words: list[list[str]]):
    """Flags `context.buyer_history`: the buyer (or its resolved entity) has another order scoring at
    least `cut` (the review cut). Strength is that order's score.

    Only buyers with an order at the cut are ranked (another buyer's best order is below it), only
    the flagged orders leave the engine, and the other order's flag list is looked up for them
    alone, not carried through the ranking (`words`: the rules' bits, see `_flag_lists`)."""
    import pandas as pd

    group = "coalesce(c.cluster_id, r.buyer_id)" if engine.has("clusters") else "r.buyer_id"
    join = "LEFT JOIN clusters c ON c.party_id = r.buyer_id" if engine.has("clusters") else ""
    _flag_lists(engine, words)
    rows = engine.df(
        f"""WITH s AS (SELECT r.order_id, r.score, {group} AS g FROM order_raw_scores r {join}),
                 hot AS (SELECT DISTINCT g FROM s WHERE score >= {float(cut)!r}),
                 ranked AS (SELECT s.*, row_number() OVER (PARTITION BY s.g ORDER BY s.score DESC, s.order_id) AS rk
                            FROM s JOIN hot ON hot.g = s.g),
                 top AS (SELECT g, max(CASE WHEN rk = 1 THEN score END) AS s1, max(CASE WHEN rk = 1 THEN order_id END) AS o1,
                                max(CASE WHEN rk = 2 THEN score END) AS s2, max(CASE WHEN rk = 2 THEN order_id END) AS o2
                         FROM ranked WHERE rk <= 2 GROUP BY g),
                 h AS (SELECT s.order_id AS target_id,
                              CASE WHEN s.order_id = t.o1 THEN t.s2 ELSE t.s1 END AS strength,
                              CASE WHEN s.order_id = t.o1 THEN t.o2 ELSE t.o1 END AS other_id
                       FROM s JOIN top t ON t.g = s.g)
            SELECT h.target_id, h.strength, h.other_id, g.flags AS other_flags
            FROM h JOIN order_raw_scores r ON r.order_id = h.other_id JOIN rule_sets g ON {_set_join(words, 'r')}
            WHERE h.strength >= {float(cut)!r} AND h.strength > 0"""
    )
    engine.drop("rule_sets")
    out = pd.DataFrame({
        "rule_id": HISTORY_RULE, "target_kind": "order", "target_id": rows.target_id.astype(str),
        "severity": "medium", "strength": rows.strength.astype(float),
        "evidence": [f"the same buyer's order {o} scores {x:.2f} ({f.replace(';', ', ')})"
                     for o, x, f in zip(rows.other_id.tolist(), rows.strength.tolist(), rows.other_flags.tolist())],
    })
    return out


def flagged_link_flags(engine: Engine, cut: float):
    """Flags `net.flagged_link` (see its module): parties sharing a controller or an identifier with
    an entity caught by the other indicators, i.e. whose riskiest orders (as buyer, consignee or
    payer, at the role's share; the mean of the top `TOP_ORDERS`) score at least `cut` (the review
    cut) on their `deeds`, the evidence other than links. Strength: that score times how specific
    the link is. Empty without the network's tables."""
    import pandas as pd

    from redtrace.network.typologies import CONTROL_KINDS, proximity_links

    empty = pd.DataFrame(columns=list(FLAG_COLUMNS))
    if not (engine.has("net_edges") and engine.has("clusters") and engine.has("order_raw_scores")):
        return empty
    roles = " UNION ALL ".join(
        f"SELECT {role} AS party_id, deeds * {share} AS deeds FROM order_raw_scores WHERE {role} IS NOT NULL"
        for role, share in ROLE_SHARE.items()
    )
    caught = engine.df(
        f"""SELECT c.cluster_id, max(d.deeds) AS deeds FROM (
                SELECT party_id, {engine.dialect.top_mean('deeds', TOP_ORDERS)} AS deeds FROM ({roles}) r GROUP BY party_id) d
            JOIN clusters c ON c.party_id = d.party_id
            GROUP BY c.cluster_id HAVING max(d.deeds) >= {float(cut)!r} AND max(d.deeds) > 0"""
    )
    if caught.empty:
        return empty
    score = dict(zip(caught.cluster_id, caught.deeds.astype(float)))
    links = proximity_links(engine)
    if links.empty:
        return empty
    nodes = engine.df("SELECT node_id, label, node_type FROM net_nodes").set_index("node_id")
    labels = nodes.label.fillna("")
    people = set(nodes.index[nodes.node_type.fillna("").str.lower() == "person"])
    rows = []
    # Identifiers shared by a few: as specific as the identifier is rare.
    same = links[links.kind.str.startswith("same ") & links.frm.isin(score)]
    for r in same.itertuples(index=False):
        rows.append((r.to, score[r.frm] * float(r.specificity), r.frm,
                     f"shares the {r.kind.removeprefix('same ')} with '{labels.get(r.frm, r.frm)}'"
                     + (f" (shared by {int(r.n)})" if r.n > 2 else "")))
    # The other companies of a person controlling caught ones: suspect as far as the caught ones
    # make up his others. Not a parent company's: a group's subsidiaries are on record as such
    # and buy for the group's trade (as in net.linked_buyers).
    control = links[links.kind.isin(CONTROL_KINDS) & links.frm.isin(people)]  # frm controls to
    companies = control.groupby("frm").to.apply(lambda s: sorted(set(s)))
    for person, held in companies.items():
        hit = [c for c in held if c in score]
        if not hit or len(held) < 2:
            continue
        for target in held:
            others = [c for c in hit if c != target]
            if not others:
                continue
            best = max(others, key=lambda c: (score[c], c))
            share = min(1.0, len(others) / (len(held) - 1))
            rows.append((target, score[best] * share, best,
                         f"its director/owner '{labels.get(person, person)}' also controls '{labels.get(best, best)}'"
                         + (f" and {len(others) - 1} more caught companies" if len(others) > 1 else "")
                         + f" ({len(held)} companies in all)"))
    if not rows:
        return empty
    found = pd.DataFrame(rows, columns=["cluster_id", "strength", "source", "how"])
    found = found[~found.cluster_id.str.contains(":", regex=False) & (found.cluster_id != found.source)]
    found = found[found.strength >= LINK_MIN_STRENGTH]
    if found.empty:
        return empty
    found = found.sort_values(["cluster_id", "strength", "source"], ascending=[True, False, True]).drop_duplicates("cluster_id")
    found = found.assign(evidence=found.how + " (its own orders score " + found.source.map(score).map("{:.2f}".format) + ")")
    members = engine.df("SELECT party_id, cluster_id FROM clusters")
    out = members.merge(found, on="cluster_id")
    return pd.DataFrame({
        "rule_id": LINK_RULE, "target_kind": "party", "target_id": out.party_id.astype(str),
        "severity": _declared_rules()[LINK_RULE].severity, "strength": out.strength.astype(float).round(4),
        "evidence": out.evidence,
    })


def _review_cut(engine: Engine, model: ScoringModel) -> float:
    """The score from which orders are reviewed: the review budget's quantile, at least the floor."""
    return max(model.floor, _quantile(engine, "order_raw_scores", "score", 1 - model.budget))


def _add_flags(engine: Engine, name: str, flags) -> None:
    """Second-pass flags registered as table `name` and added to `flags` (the caller drops `name`
    once what reads it is done)."""
    engine.register(name, flags)
    engine.append("flags", f"SELECT {', '.join(FLAG_COLUMNS)} FROM {name}")


def score(engine: Engine, model: ScoringModel | None = None) -> None:
    """Create `order_scores` and `party_scores` from `flags`, and `flag_levels`: what each flag
    contributes (`weighed_flags_sql`, `contribution_rows_sql`)."""
    model = model or ScoringModel()
    base, first = _raw_scores(engine, model)
    review_cut = _review_cut(engine, model)
    if model.flagged_links and engine.has("orders"):
        # Second pass: what the first caught spreads to the companies it shares people with.
        linked = flagged_link_flags(engine, review_cut)
        if len(linked):
            _add_flags(engine, "linked_flags", linked)
            engine.drop("linked_flags")
            first = _raw_scores(engine, model)[1]
            review_cut = _review_cut(engine, model)
    if model.buyer_history and engine.has("orders"):
        # Second pass: an order whose buyer has another order worth reviewing shares in that risk.
        history = buyer_history_flags(engine, review_cut, first.words)
        if len(history):
            _add_flags(engine, "history_flags", history)
            if not _rescore_history(engine, model, first):
                first = _raw_scores(engine, model)[1]
            engine.drop("history_flags")
            review_cut = _review_cut(engine, model)
    hold_cut = max(review_cut, model.hold_at)
    _flag_lists(engine, first.words)
    engine.create(  # (the cast: no sets, no type)
        "order_scores",
        f"""SELECT r.order_id, r.score,
                   CASE WHEN r.score >= {hold_cut} AND r.score > {base!r} THEN 'hold'
                        WHEN r.score >= {review_cut} AND r.score > {base!r} THEN 'review' ELSE 'clear' END AS decision,
                   coalesce(CAST(g.flags AS STRING), '') AS flags
            FROM order_raw_scores r LEFT JOIN rule_sets g ON {_set_join(first.words, 'r')}""",
    )
    engine.drop("rule_sets")
    _party_scores(engine, model, first.shares)
    # What scored the orders is not read again, and at a million orders holds a hundred megabytes.
    engine.drop("order_families", "order_raw_scores")


def _quantile(engine: Engine, table: str, column: str, q: float) -> float:
    # Rank-based so every engine computes the same cut: the score at position ceil(q * n), i.e. the
    # smallest of the top n - ceil(q * n) + 1 (a top-n sort of a few percent, not of every order).
    n, position = engine.df(f"SELECT count(*) AS n, ceil({q} * count(*)) AS position FROM {table}").iloc[0]
    top = int(n) - max(int(position), 1) + 1
    if top <= 0:
        return 1.0
    value = engine.scalar(f"SELECT min({column}) AS v FROM (SELECT {column} FROM {table} ORDER BY {column} DESC LIMIT {top}) t")
    return float(value) if value is not None else 1.0


def _not_nominee(engine: Engine) -> str:
    """SQL condition on relations `r`: not a nominee's appointment. Someone appointed to the boards
    of `NOMINEE_COMPANIES` or more companies registered at one address is a formation agent's
    nominee: the appointments come with the address, sold to clients the nominee never meets, so
    what those companies do says nothing about them (the companies themselves are
    net.formation_agent_hub's). Ownership still counts: a nominee who also owns is an owner."""
    if "address" not in engine.columns("parties"):
        return ""
    return f"""
              AND NOT (r.kind IN ('director', 'representative') AND r.source_id IN (
                  SELECT n.source_id FROM relations n JOIN parties c ON c.party_id = n.target_id
                  WHERE n.kind IN ('director', 'representative') AND c.address IS NOT NULL
                  GROUP BY n.source_id, lower(trim(c.address))
                  HAVING count(DISTINCT n.target_id) >= {NOMINEE_COMPANIES}))"""


def _link_rules() -> tuple[str, ...]:
    """Rules whose party flags say how the party is linked to others (Rule.about_links)."""
    return tuple(sorted(r for r, rule in _declared_rules().items() if rule.about_links))


def _party_scores(engine: Engine, model: ScoringModel, shares: dict[str, float] | None = None) -> None:
    """A party's score: the noisy-OR of its own flags and the stronger of (a) its riskiest orders as
    buyer, consignee or payer and (b) its directors' and owners' share of the company it controls
    that answers for most; one entity's records share the entity's score.

    What a company answers for, as its controllers see it: its own flags, and its orders weighted
    by its role (`ROLE_SHARE`): the buyer places the order and signs its end-use statement; a
    consignee or payer takes part in another's order, and its directors need not know why.
    Orders and controlled companies are two readings of one record, not independent evidence: a
    manufacturer with a few odd orders that also owns a subsidiary with a few is not two red flags.

    A controller of two or more companies answers for what they did, not for how they are linked
    (Rule.about_links flags, on a company or brought to its orders): the link is then often the
    controller (a director shared by six companies is what net.formation_agent_hub and
    net.linked_buyers saw), and taking those flags back would count one list of appointments
    twice; the controller's own links are the network rules' to judge. A sole company's links run
    through others, and its controller answers for them.
    """
    agg = engine.dialect.string_agg
    # Party flags weigh by the default (severity x rarity) under any model: a trained model learned
    # what flags make of an order, not of a party. A rule raises flags of one target kind, so the
    # party flags alone give the party rules' weights, and the orders' pass has counted the shares
    # of orders they touch already (`shares`, under rarity).
    engine.create("party_flags", "SELECT * FROM flags WHERE target_kind = 'party'")
    own_weights = rule_weights(engine, ScoringModel(rarity=model.rarity or model.kind == "logistic"), "party_flags",
                               shares if model.rarity else None)
    if engine.has("rule_agreement"):  # an indicator the others do not corroborate on orders weighs as little on parties
        agreed = dict(engine.df("SELECT rule_id, factor FROM rule_agreement").itertuples(index=False))
        own_weights = {r: w * float(agreed.get(r, 1.0)) for r, w in own_weights.items()}
    engine.create(
        "party_flag_evidence",
        f"SELECT target_id AS party_id, rule_id, strength * {_weight_sql(own_weights)} AS contribution FROM party_flags",
    )
    engine.drop("party_flags")
    links = _link_rules()
    not_links = f"rule_id NOT IN ({', '.join(map(_q, links))})" if links else "TRUE"
    # Each order's `deeds` (`_order_scores`) is its score without the link flags its parties bring to it.
    roles = " UNION ALL ".join(
        f"SELECT {role} AS party_id, score, score * {share} AS answered, deeds * {share} AS deeds "
        f"FROM order_raw_scores WHERE {role} IS NOT NULL"
        for role, share in ROLE_SHARE.items()
    )
    top = engine.dialect.top_mean
    engine.create(
        "party_order_evidence",
        f"""SELECT party_id, {top('score', TOP_ORDERS)} AS contribution, {top('answered', TOP_ORDERS)} AS answered,
                   {top('deeds', TOP_ORDERS)} AS deeds
            FROM ({roles}) r GROUP BY party_id""",
    )
    record = "SELECT party_id, contribution FROM party_order_evidence"
    if engine.has("relations"):
        answered = f"""SELECT party_id, {_noisy_or('answered')} AS answered, {_noisy_or('deeds')} AS deeds FROM (
                SELECT party_id, contribution AS answered, CASE WHEN {not_links} THEN contribution ELSE 0.0 END AS deeds
                FROM party_flag_evidence
                UNION ALL SELECT party_id, answered, deeds FROM party_order_evidence) a GROUP BY party_id"""
        controlled = f"""SELECT source_id, target_id, count(*) OVER (PARTITION BY source_id) AS companies FROM (
                SELECT DISTINCT r.source_id, r.target_id FROM relations r
                WHERE r.kind IN ('director', 'owner', 'shareholder', 'representative'){_not_nominee(engine)}) r"""
        odds = f"greatest(least(max(CASE WHEN c.companies = 1 THEN a.answered ELSE a.deeds END), {MAX_CONTRIBUTION}), 0.0)"
        odds = f"{CONTROLLER_ODDS} * {odds} / (1 - {odds})"
        record += f"""
            UNION ALL
            SELECT c.source_id AS party_id, ({odds}) / (1 + {odds}) AS contribution
            FROM ({controlled}) c JOIN ({answered}) a ON a.party_id = c.target_id
            GROUP BY c.source_id"""
    engine.create(  # the stronger reading of the record
        "party_evidence",
        f"""SELECT party_id, rule_id, contribution FROM party_flag_evidence
            UNION ALL
            SELECT party_id, 'record' AS rule_id, max(contribution) AS contribution FROM ({record}) r GROUP BY party_id""",
    )
    engine.create(
        "party_own_scores",
        f"""SELECT p.party_id, coalesce(e.score, 0.0) AS score, coalesce(e.flags, '') AS flags
            FROM parties p LEFT JOIN (
                SELECT party_id, {_noisy_or('contribution')} AS score,
                       {agg("CASE WHEN rule_id <> 'record' THEN rule_id END", ';')} AS flags
                FROM party_evidence GROUP BY party_id) e ON e.party_id = p.party_id""",
    )
    has_clusters = engine.has("clusters")
    cluster = "coalesce(c.cluster_id, s.party_id)" if has_clusters else "s.party_id"
    join = "LEFT JOIN clusters c ON c.party_id = s.party_id" if has_clusters else ""
    engine.create(
        "party_scores",
        f"""SELECT s.party_id, max(s.score) OVER (PARTITION BY {cluster}) AS score, s.flags, {cluster} AS cluster_id
            FROM party_own_scores s {join}""",
    )
    engine.drop("party_flag_evidence", "party_order_evidence", "party_evidence", "party_own_scores")

