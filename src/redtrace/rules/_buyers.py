"""What the order-side indicators (fit, quantity, customer, end use, combination) need to know about buyers.

Computed once per engine and kept as tables (the first rule that asks creates them):

- `rt_party_nace(party_id, nace, c4, c3, c2, c1, nace_source, nace_note)`: each party's activity as
  a NACE Rev. 2 code with its class / group / division / section keys. `nace_source` says where it
  came from: `declared` (activity_code), `learned` (the free-text activity is, in this dataset,
  the activity of parties that do declare a code), `words` (its words name goods and a kind of
  business, `reference.activity_text`) or `title` (the free text resembles a NACE title or a
  learned activity text); a company with neither is placed by its `name` when a word of it names
  one trade in this dataset (see `activity_from_names`). Parties with none of these stay out.
- `rt_party_group(party_id, grp, grp_size)`: buyers joined into linked groups when they share a
  controller (director, owner, shareholder, representative), a phone number, an e-mail address or
  a street address. A group is one piece of evidence about what an activity normally buys: ten
  front companies of one network buying the same odd goods must not make those goods look normal.
  Links through a value shared by many parties (a formation agent, a registered-office address)
  are ignored, so such a value does not glue unrelated customers together.
- `rt_party_group_key(bk, party_id, gk)`: the same groups keyed by integers, each party by its key
  in `_lines` and each group numbered in name order, for the rules that read `_lines`' tables.

Python touches only distinct activity texts and party links; the per-order work is SQL.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from redtrace.engine import Engine
from redtrace.names.normalize import LEGAL, PARTICLE, analyze
from redtrace.reference.activity_text import nace_from_text, names_nothing
from redtrace.reference.load import load
from redtrace.reference.lookup import fold, nace_code
from redtrace.rules._lines import create_group_keys

NACE_TABLE = "rt_party_nace"
GROUP_TABLE = "rt_party_group"
GROUP_KEY_TABLE = "rt_party_group_key"

# A shared value (controller, phone, address) that links more parties than this is infrastructure
# (formation agent, registered office, switchboard), not evidence that they act as one.
MAX_SHARED = 12
# A street address links fewer: one held by this many companies or more is a registered office
# or business centre (net.formation_agent_hub's hub), rented to strangers. Fronts of one network
# that share an address share a flat or a small office with a few others; at a registered office
# only a second shared value (a director, a phone, an e-mail) says two of its tenants act as one.
MAX_SHARED_ADDRESS = 4
# Cosine similarity (TF-IDF of character n-grams) needed to map free text to a NACE class.
TITLE_CUTOFF = 0.55
# A word of company names names a trade when this many companies that declare a code carry it and
# this share of them declare the same class. Stricter than for a stated activity (two thirds): a
# name is chosen for other reasons too (a family, a place, a brand shared by a group's companies),
# and a wrong class raises false business-mismatch flags. Placing each declaring company by the
# others' names, 94-99 % land in their declared class on five worlds (docs/synth.md), against
# 82-92 % at three companies and two thirds; at three and 0.8, four 'Madencilik' (mining) companies
# that declare cement making made an unstated quarry a cement maker buying ammonium nitrate.
NAME_MIN_PARTIES = 5
NAME_AGREEMENT = 0.9


def _titles() -> pd.DataFrame:
    nace = load("nace_classes")
    return nace[["code", "level", "title", "division", "section"]]


def nace_levels(codes: pd.Series) -> pd.DataFrame:
    """Class / group / division / section keys of canonical NACE codes ('47.42' -> 47.42, 47.4, 47, G)."""
    titles = _titles()
    section_of = dict(zip(titles.division, titles.section))
    c = codes.astype("string")
    out = pd.DataFrame({"nace": c})
    out["c4"] = c.where(c.str.len() == 5)
    out["c3"] = c.str.slice(0, 4).where(c.str.len() >= 4)
    out["c2"] = c.str.slice(0, 2).where(c.str.len() >= 2)
    out["c1"] = out["c2"].map(section_of).astype("string")
    return out


def activity_from_text(texts: list[str], learned: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    """Free-text activities -> (nace, source, note): the learned meaning of the same text, else the
    goods and kind of business its words name (`reference.activity_text`), else the most similar
    learned text or NACE class title.

    Similarity is the cosine of TF-IDF character n-grams, so rare words ('jewellery', 'paint')
    count for more than the template words every title shares ('manufacture of', 'retail sale').
    """
    titles = _titles()
    titles = titles[titles.level == "class"]
    choices: list[str] = []
    targets: list[tuple[str, str]] = []
    for text, code in learned.items():
        choices.append(text)
        targets.append((code, f"resembles '{text}', declared as {code} by other parties"))
    for code, title in zip(titles.code, titles.title):
        choices.append(fold(title))
        targets.append((code, f"resembles NACE {code} '{title}'"))
    out: dict[str, tuple[str, str, str]] = {}
    queries = []
    for raw in texts:
        key = fold(raw)
        if not key:
            continue
        if key in learned:
            out[raw] = (learned[key], "learned", f"activity '{raw}' is declared as {learned[key]} by other parties")
        elif (words := nace_from_text(raw)) is not None:
            out[raw] = (words[0], "words", words[1])
        elif not names_nothing(raw):
            queries.append((raw, key))
    if not queries:
        return out
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vec.fit_transform(choices)
    sims = linear_kernel(vec.transform([k for _, k in queries]), matrix)
    best = sims.argmax(axis=1)
    for (raw, _), j, row in zip(queries, best, sims):
        if row[j] >= TITLE_CUTOFF:
            code, note = targets[j]
            out[raw] = (code, "title", f"activity '{raw}' {note} (similarity {row[j]:.2f})")
    return out


def activity_from_names(unplaced: pd.DataFrame, named: pd.DataFrame) -> pd.DataFrame:
    """Companies that state no activity (`unplaced`: party_id, name) placed by the words of their
    names: `party_id, nace, nace_source ('name'), nace_note`.

    A word names a trade when, among the companies that declare a code (`named`: name, nace),
    at least NAME_MIN_PARTIES carry it and NAME_AGREEMENT of them declare one class ('Meridian
    Mobile LLP' beside 'Meridian Mobile Sp. z o.o.' and 'Meridian Mobile Co.', phone shops). A
    word spread over trades (a legal form, a place, 'Meridian') names none. Words of one name that
    point to different classes leave the company unplaced: a wrong class makes false
    business-mismatch flags, a missing one only silences the indicator for that party.
    """
    words = named.assign(word=[_name_words(n) for n in named.name]).explode("word").dropna(subset=["word"])
    votes = words.groupby(["word", "nace"]).size().rename("k").reset_index()
    votes["n"] = votes.groupby("word").k.transform("sum")
    trades = votes[(votes.n >= NAME_MIN_PARTIES) & (votes.k >= NAME_AGREEMENT * votes.n)].set_index("word")
    rows = []
    for pid, name in zip(unplaced.party_id, unplaced.name):
        hits = trades.loc[trades.index.intersection(_name_words(name))]
        if len(hits) and hits.nace.nunique() == 1:
            word, hit = hits.k.idxmax(), hits.loc[hits.k.idxmax()]
            note = f"no activity stated; its name's word '{word}' is in the names of {hit.k} of {hit.n} companies declaring {hit.nace}"
            rows.append((pid, hit.nace, "name", note))
    return pd.DataFrame(rows, columns=["party_id", "nace", "nace_source", "nace_note"], dtype="string")


def _name_words(name: str) -> list[str]:
    """The words of a name that may name a trade: legal forms (Ltd, GmbH, Şti.) and particles
    never do, and would otherwise stand for whatever trade one country's companies share."""
    return sorted(w for w in set(fold(name).split()) if not _form_word(w))


@lru_cache(maxsize=None)
def _form_word(word: str) -> bool:
    tokens = analyze(word, "company").tokens
    return not tokens or tokens[0].role in (LEGAL, PARTICLE)


def ensure_party_nace(engine: Engine) -> None:
    if engine.has(NACE_TABLE):
        return
    declared = engine.df("SELECT DISTINCT activity_code FROM parties WHERE activity_code IS NOT NULL")
    declared["nace"] = [nace_code(c) for c in declared.activity_code]
    engine.register("rt_declared_codes", declared.astype("string"))
    texts = engine.df("SELECT DISTINCT activity FROM parties WHERE activity IS NOT NULL").activity.tolist()
    folded = pd.DataFrame({"activity": texts, "folded": [fold(t) for t in texts]}, dtype="string")
    engine.register("rt_activity_folded", folded)
    # What each free text means in this dataset: the code most parties with that text declare,
    # when at least two thirds of them agree.
    learned = engine.df(
        """SELECT folded, code FROM (
               SELECT f.folded, d.nace AS code, count(*) AS n,
                      sum(count(*)) OVER (PARTITION BY f.folded) AS total,
                      row_number() OVER (PARTITION BY f.folded ORDER BY count(*) DESC, d.nace) AS r
               FROM parties p JOIN rt_activity_folded f ON f.activity = p.activity
               JOIN rt_declared_codes d ON d.activity_code = p.activity_code
               WHERE d.nace IS NOT NULL AND f.folded <> ''
               GROUP BY f.folded, d.nace) t
           WHERE r = 1 AND n * 3 >= total * 2"""
    )
    need = engine.df(
        """SELECT DISTINCT p.activity FROM parties p LEFT JOIN rt_declared_codes d ON d.activity_code = p.activity_code
           WHERE p.activity IS NOT NULL AND d.nace IS NULL"""
    ).activity.tolist()
    mapped = activity_from_text(need, dict(zip(learned.folded, learned.code)))
    from_text = pd.DataFrame(
        [(t, *v) for t, v in mapped.items()], columns=["activity", "nace", "nace_source", "nace_note"]
    ).astype("string")
    engine.register("rt_activity_text_nace", from_text)
    placed = """SELECT p.party_id,
                  coalesce(d.nace, t.nace) AS nace,
                  CASE WHEN d.nace IS NOT NULL THEN 'declared' ELSE t.nace_source END AS nace_source,
                  CASE WHEN d.nace IS NOT NULL THEN 'declared activity code ' || d.nace ELSE t.nace_note END AS nace_note
           FROM parties p
           LEFT JOIN rt_declared_codes d ON d.activity_code = p.activity_code
           LEFT JOIN rt_activity_text_nace t ON t.activity = p.activity
           WHERE coalesce(d.nace, t.nace) IS NOT NULL"""
    resolved = engine.df(placed)
    unplaced = engine.df(
        f"SELECT party_id, name FROM parties WHERE kind = 'company' AND activity IS NULL AND party_id NOT IN (SELECT party_id FROM ({placed}))"
    )
    if len(unplaced):
        named = engine.df(
            """SELECT p.name, d.nace FROM parties p JOIN rt_declared_codes d ON d.activity_code = p.activity_code
               WHERE p.kind = 'company' AND d.nace IS NOT NULL"""
        )
        resolved = pd.concat([resolved, activity_from_names(unplaced, named)], ignore_index=True)
    levels = nace_levels(resolved["nace"])
    table = pd.concat([resolved[["party_id"]], levels, resolved[["nace_source", "nace_note"]]], axis=1)
    engine.register(NACE_TABLE, table.astype("string"))


def _plain(text: pd.Series) -> pd.Series:
    """Lower-case ASCII words, vectorised: 'Organize Sanayi Bölgesi No:136' -> 'organize sanayi bolgesi no 136'.
    Each distinct text once: parties share cities and registered addresses."""
    codes, texts = pd.factorize(text.fillna("").astype(str))
    s = pd.Series(texts, dtype=object).str.lower().str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
    return pd.Series(s.str.replace(r"[^a-z0-9]+", " ", regex=True).str.strip().to_numpy(object)[codes], index=text.index, dtype=object)


def ensure_party_groups(engine: Engine) -> None:
    if engine.has(GROUP_TABLE):
        return
    parts = []
    if engine.has("relations") and engine.count("relations") > 0:
        rel = engine.df(
            """SELECT target_id AS party_id, source_id FROM relations
               WHERE kind IN ('director', 'owner', 'shareholder', 'representative')"""
        )
        parts.append(pd.DataFrame({"party_id": rel.party_id, "link": "c:" + rel.source_id.astype(str)}))
    contact = engine.df("SELECT party_id, phone, email, address, city FROM parties")
    phone = contact.phone.fillna("").astype(str).str.replace(r"\D", "", regex=True)
    # The last nine digits survive every way of writing the country prefix (+90 ..., 0090 ..., 0 ...).
    parts.append(pd.DataFrame({"party_id": contact.party_id, "link": "p:" + phone.str[-9:]})[phone.str.len() >= 7])
    email = contact.email.fillna("").astype(str).str.strip().str.lower()
    parts.append(pd.DataFrame({"party_id": contact.party_id, "link": "e:" + email})[email.str.contains("@")])
    address, city = _plain(contact.address), _plain(contact.city)
    parts.append(pd.DataFrame({"party_id": contact.party_id, "link": "a:" + address + "|" + city})[address.str.len() >= 6])
    links = pd.concat(parts, ignore_index=True).dropna().drop_duplicates()
    size = links.groupby("link").party_id.transform("size")
    most = np.where(links.link.str.startswith("a:"), MAX_SHARED_ADDRESS, MAX_SHARED)
    links = links[(size >= 2) & (size <= most)]
    groups = link_groups(engine.df("SELECT party_id FROM parties").party_id, links)
    engine.register(GROUP_TABLE, groups.astype({"party_id": "string", "grp": "string", "grp_size": "int64"}))


def link_groups(ids: pd.Series, links: pd.DataFrame) -> pd.DataFrame:
    """`party_id, grp, grp_size` for every id: connected components of the parties that share a
    `link` (rows `party_id, link`). A group is named after its smallest party id, so the same data
    give the same names."""
    party_ix = pd.Index(ids.unique())
    link_ix = pd.Index(links.link.unique())
    p = party_ix.get_indexer(links.party_id)
    keep = p >= 0
    p, q = p[keep], link_ix.get_indexer(links.link[keep]) + len(party_ix)
    n = len(party_ix) + len(link_ix)
    _, label = connected_components(coo_matrix((np.ones(len(p)), (p, q)), shape=(n, n)), directed=False)
    frame = pd.DataFrame({"party_id": party_ix, "label": label[: len(party_ix)]})
    frame["grp"] = frame.groupby("label").party_id.transform("min")
    frame["grp_size"] = frame.groupby("label").party_id.transform("size")
    return frame[["party_id", "grp", "grp_size"]]


def ensure(engine: Engine) -> None:
    ensure_party_nace(engine)
    ensure_party_groups(engine)


def ensure_group_keys(engine: Engine) -> None:
    if engine.has(GROUP_KEY_TABLE):
        return
    ensure_party_groups(engine)
    create_group_keys(engine, GROUP_KEY_TABLE, GROUP_TABLE, "grp")
