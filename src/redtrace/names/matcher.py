"""Score queries against a watchlist and explain every match.

Two names are compared by aligning their tokens (best pairs first, so word order does not
matter), then weighing what aligned against what did not:

* an aligned pair counts its similarity times the two tokens' weights (rare words weigh more;
  particles, generic organisation words and legal forms weigh little);
* tokens left over on *both* sides are substitutions, a contradiction (Ihab Makhlouf vs Rami
  Makhlouf; Railway vs Denmark in a long company name): leftovers are paired heaviest first and
  each pair counts three times its heavier word's weight against the match, since replacing a
  common word by a distinctive one changes the name as much as the other way round;
* a token left over on one side only is a missing part (a dropped middle name, an omitted
  "Trading") and counts for a fraction.

Kind, country and birth date then nudge the name score up or down. Retrieval goes through
:class:`redtrace.names.index.NameIndex`; its best 25 records are pre-scored together with
rapidfuzz and numpy, and only the best 5 get the exact alignment, so a query costs well under a
millisecond however long the list.
"""

from __future__ import annotations

import gc
import multiprocessing as mp
from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from redtrace.io.watchlists import Watchlist, WatchlistEntry
from redtrace.names import acronym
from redtrace.names.index import NameIndex
from redtrace.names.normalize import (
    INITIAL,
    LEGAL,
    NAME,
    analyze,
    compound_written_apart,
    joined_with_article,
    letter_for_letter,
    skeleton,
)
from redtrace.names.similarity import (
    ACRONYM,
    EXACT,
    INITIAL_OF,
    INITIAL_SIM,
    INITIALS,
    JOINED,
    MIN_TOKEN_SIM,
    REASON_TEXT,
    token_similarity,
    written_as,
)

_DISTINCTIVE = (NAME, INITIAL)
# Chosen on the development halves of both benchmarks (0.79 on the pairs, 0.80 on the SDN
# queries at <= 2 % false positives; see docs/names.md), a little lower as screening hits are
# reviewed.
DEFAULT_THRESHOLD = 0.78
# Words left over on both sides contradict each other (Ihab vs Rami Makhlouf): each side's
# leftover counts in full, and then some, since a differing distinctive word outweighs many
# shared ordinary ones.
CLASH_COST = 3.0
# A token present on one side only costs this share of its weight: people's names often lose
# middle names and patronymics; organisations' distinctive words are less often dropped.
MISSING_COST_PERSON = 0.4
MISSING_COST = 0.7
# Matches resting on less than this much token weight (one common given name) are discounted.
MIN_EVIDENCE = 0.9
# The share of an initial's weight that counts as evidence of identity.
INITIAL_EVIDENCE = 0.5
MATCH_COLUMNS = ("query_id", "rank", "entry_id", "matched_name", "score", "list_name", "program", "explanation")
QUERY_KINDS = ("person", "company", "vessel", "aircraft")
# Two words written together and respelled keep at least this share of their letters.
JOINED_LETTERS = 0.6
# Candidates given the exact (one-to-one) alignment after the vectorised pre-screen.
EXACT_RESCORE = 5
# The pre-screen's optimistic score falls short of the exact one by more than this for under
# 0.1 % of candidates (SDN-derived queries), so a candidate that far below the threshold is not
# aligned; it is a margin, not a proof, and only prunes when the threshold is a working one.
PRESCREEN_SLACK = 0.15
# Analysed names kept per matcher; past this the cache starts afresh.
NAME_CACHE_SIZE = 500_000
# Below this many queries forking costs more than it saves.
PARALLEL_MIN_QUERIES = 500
# Distinct names retrieved and pre-screened together; bounds the batch's flat arrays.
BATCH_SIZE = 4096


@dataclass(frozen=True)
class Hit:
    entry: WatchlistEntry
    matched_name: str
    score: float
    explanation: str


class Matcher:
    def __init__(self, watchlist: Watchlist, *, candidates: int = 25):
        self.watchlist = watchlist
        self.index = NameIndex(watchlist.entries)
        self.n_candidates = candidates
        # Token pairs recur across queries (common given names, company words): score each once,
        # kept per query token (a dict of record tokens) so that a lookup builds no key.
        self._sim_cache: dict[int, dict[int, tuple[float, str]]] = {}
        # What the alignment reads of a token sequence (see _Words), worked out once per sequence.
        self._words: dict[tuple[int, ...], _Words] = {}
        # Names recur too (screening the same parties again, a pair benchmark's shared names).
        self._names: dict[tuple[str, str], list[int]] = {}
        self._read: dict[tuple[str, str], list[tuple[int, ...]]] = {}
        self._read_words: dict[tuple[str, str], list[_Words]] = {}

    # --- public API -----------------------------------------------------------------------

    def match(
        self,
        queries: pd.DataFrame,
        limit: int = 5,
        threshold: float = DEFAULT_THRESHOLD,
        workers: int = 1,
    ) -> pd.DataFrame:
        """Best ``limit`` entries per query at or above ``threshold``, best first.

        ``workers`` > 1 splits a large batch over forked processes, which share the index
        copy-on-write instead of rebuilding it.
        """
        missing = [c for c in ("query_id", "name") if c not in queries.columns]
        if missing:
            raise ValueError(f"queries lack column(s) {', '.join(missing)}")
        items = _query_items(queries)
        if workers > 1 and len(items) >= PARALLEL_MIN_QUERIES:
            rows = self._match_parallel(items, limit, threshold, workers)
        else:
            # A batch makes many objects and no reference cycles: the collector's passes would
            # only traverse them, its caches, the index and rigour's name data (a full pass was
            # a fifth of a 3,000-name batch's CPU time; the young ones a seventh of screening
            # 90k names), so it is off while the batch runs.
            enabled = gc.isenabled()
            gc.disable()
            try:
                rows = self._match_items(items, limit, threshold)
            finally:
                if enabled:
                    gc.enable()
        return pd.DataFrame(rows, columns=list(MATCH_COLUMNS))

    def _match_items(self, items, limit, threshold) -> list[tuple]:
        rows = []
        queries = [self._readings(name, _kind(kind) or "unknown") for _, name, kind, _, _ in items]
        # Parties repeat names (the same director on many companies, a consignee under several
        # ids): each distinct token sequence is scored against its candidates once per batch.
        distinct = list(dict.fromkeys(reading for readings in queries for reading in readings))
        scored = {}
        for lo in range(0, len(distinct), BATCH_SIZE):
            part = distinct[lo : lo + BATCH_SIZE]
            scored.update(zip(part, self._score_batch(part, threshold)))
        # A name asked with several contexts (birth dates, countries) is explained once per record.
        explained = {}
        for (qid, _, kind, country, birth_date), readings in zip(items, queries):
            aligned = [(reading, scored[reading]) for reading in readings]
            hits = self._hits(aligned, kind, country, birth_date, limit, threshold, explained)
            for rank, hit in enumerate(hits, 1):
                e = hit.entry
                rows.append((qid, rank, e.entry_id, hit.matched_name, hit.score, e.list_name, e.program, hit.explanation))
        return rows

    def _match_parallel(self, items, limit, threshold, workers) -> list[tuple]:
        global _FORKED
        _FORKED = self
        # Keep the collector from touching (and so copying) every inherited object in each child.
        gc.freeze()
        size = -(-len(items) // (workers * 4))
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        try:
            with mp.get_context("fork").Pool(workers) as pool:
                parts = pool.starmap(_match_chunk, [(chunk, limit, threshold) for chunk in chunks])
        finally:
            _FORKED = None
            gc.unfreeze()
        return [row for part in parts for row in part]

    def match_one(
        self,
        name: str,
        kind: str = "",
        country: str = "",
        birth_date: str = "",
        limit: int = 5,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[Hit]:
        """Best ``limit`` entries for one name: a batch of one."""
        readings = self._readings(name, _kind(kind) or "unknown")
        aligned = list(zip(readings, self._score_batch(readings, threshold)))
        return self._hits(aligned, kind, country, birth_date, limit, threshold)

    def _hits(self, aligned, kind, country, birth_date, limit, threshold, explained=None) -> list[Hit]:
        """A query's name alignments, per reading of its name, moved by its own kind, country and
        birth date; the best ``limit`` entries at or above ``threshold``, each by its best
        reading, explained. ``explained`` keeps what the names' alignments say, per (query
        tokens, record), for the next query of the same name."""
        kind = _kind(kind)
        best: dict[int, tuple[float, int, Alignment, list[str], tuple[int, ...]]] = {}
        for query, alignments in aligned:
            for rid, entry_idx, alignment in alignments:
                score, notes = adjust_for_context(alignment.score, self.watchlist.entries[entry_idx], kind,
                                                  country.upper(), birth_date)  # fmt: skip
                if score >= threshold and (entry_idx not in best or score > best[entry_idx][0]):
                    best[entry_idx] = (score, rid, alignment, notes, query)
        top = sorted(best.items(), key=lambda kv: -kv[1][0])[:limit]
        explained = {} if explained is None else explained
        hits = []
        for entry_idx, (score, rid, alignment, notes, query) in top:
            reasons = explained.get((query, rid))
            if reasons is None:
                reasons = explained[(query, rid)] = self._explain(query, self.index.record_tokens[rid], alignment)
            hits.append(Hit(self.watchlist.entries[entry_idx], self.index.record_name[rid], round(score, 4),
                            "; ".join(reasons + notes)))  # fmt: skip
        return hits

    def compare(self, name_a: str, name_b: str, kind: str = "unknown") -> tuple[float, str]:
        """Score two names directly (no retrieval), weighing words by this watchlist's statistics,
        each name by its best reading."""
        a, b, alignment = self._compare(name_a, name_b, kind)
        if alignment is None:
            return 0.0, "no part of the names corresponds"
        return alignment.score, "; ".join(self._explain(a, b, alignment))

    def score_pairs(self, pairs: list[tuple[str, str, str]]) -> list[float]:
        """Scores of (name, name, kind) pairs, without explanations: the batch form of compare."""
        out = []
        for name_a, name_b, kind in pairs:
            alignment = self._compare(name_a, name_b, kind)[2]
            out.append(alignment.score if alignment is not None else 0.0)
        return out

    # --- scoring --------------------------------------------------------------------------

    def _compare(self, name_a: str, name_b: str, kind: str):
        best = None
        person = kind == "person"
        for a in self._name_words(name_a, kind):
            for b in self._name_words(name_b, kind):
                alignment = self._align(a, b, person) if a.tokens and b.tokens else None
                if best is None or (alignment is not None and (best[2] is None or alignment.score > best[2].score)):
                    best = (a.tokens, b.tokens, alignment)
        return best

    def _name_words(self, name: str, kind: str) -> list[_Words]:
        """The name's readings as the alignment reads them, looked up once per name."""
        key = (name, kind)
        found = self._read_words.get(key)
        if found is None:
            found = _remember(self._read_words, key, [self._words_of(r) for r in self._readings(name, kind)])
        return found

    def _readings(self, name: str, kind: str) -> list[tuple[int, ...]]:
        """The name's tokens, and for a name in Cyrillic letters also those of its letter-for-letter
        reading (see normalize.letter_for_letter) when they differ."""
        key = (name, kind)
        readings = self._read.get(key)
        if readings is None:
            readings = _remember(self._read, key, [tuple(self._query_tokens(name, kind))])
            letters = letter_for_letter(name)
            other = tuple(self._query_tokens(letters, kind)) if letters else ()
            if other and other != readings[0]:
                readings.append(other)
        return readings

    def _words_of(self, tokens: tuple[int, ...]) -> _Words:
        words = self._words.get(tokens)
        if words is None:
            words = _remember(self._words, tokens, _Words(tokens, self.index))
        return words

    def _query_tokens(self, name: str, kind: str) -> list[int]:
        key = (name, kind)
        found = self._names.get(key)
        if found is None:
            found = _remember(self._names, key, [self.index.token_id(t) for t in analyze(name, kind).tokens])
        return found

    def _score_batch(
        self, queries: list[tuple[int, ...]], threshold: float = 0.0
    ) -> list[list[tuple[int, int, Alignment]]]:
        """Each query's name alignment with every candidate record worth scoring: retrieval and
        pre-screen run once for the whole batch, the exact alignment per surviving candidate.
        A candidate whose optimistic score cannot reach ``threshold`` even with every context
        bonus is not aligned, and an alignment whose exact score cannot is not returned."""
        candidates = self.index.candidates([list(q) for q in queries], self.n_candidates)
        many = [i for i, c in enumerate(candidates) if len(c) > EXACT_RESCORE]
        floor = threshold - CONTEXT_RAISE_MAX - PRESCREEN_SLACK
        screened = self._prescreen([queries[i] for i in many], [candidates[i] for i in many])
        for i, (kept, approx) in zip(many, screened):
            candidates[i] = kept[approx >= floor]
        # Another form of the name sharing no word with the query (an acronym, words written
        # together) shows in neither retrieval's shared weight nor the pre-screen's letters;
        # the few records found that way are aligned too.
        for i, query in enumerate(queries):
            extra = self.index.structural_candidates(list(query))
            if extra:
                have = candidates[i].tolist()
                seen = set(have)
                candidates[i] = np.asarray(have + [r for r in extra if r not in seen], dtype=np.int64)
        out = []
        # Most alignments end below this (three in four at 1M), and each would be moved by
        # every query's context only to be dropped; the margin covers rounding.
        least = threshold - CONTEXT_RAISE_MAX - 1e-9
        entries, record_entry, record_tokens = self.watchlist.entries, self.index.record_entry, self.index.record_tokens
        for query, found in zip(queries, candidates):
            words = self._words_of(query)
            aligned = []
            for rid in found.tolist():
                entry_idx = record_entry[rid]
                person = entries[entry_idx].kind == "person"
                alignment = self._align(words, self._words_of(record_tokens[rid]), person)
                if alignment is not None and alignment.score >= least:
                    aligned.append((rid, entry_idx, alignment))
            out.append(aligned)
        return out

    def _prescreen(self, queries: list[tuple[int, ...]], candidates: list[np.ndarray]) -> list[tuple]:
        """Each query's EXACT_RESCORE most promising candidates and a bound on their score, for
        every (query, candidate) pair of the batch at once: each token takes its best partner
        (not a one-to-one alignment) and missing parts get the most lenient cost.

        Candidates are ranked by what their letters show. rigour's name symbols are loose for
        short names (Fang / Hong, Zhao / Qiu share one), so a symbol alone does not bring a
        candidate to the exact alignment; it does count in the bound, so that a variant the
        letters hide (Ahmet / Ahmad) is never pruned.

        Every (query word, record word) cell of every pair is one element of flat arrays; each
        distinct word pair is compared once (rapidfuzz's C++ loops), and the per-word bests and
        per-pair sums are numpy segment reductions."""
        if not queries:
            return []
        index = self.index
        q_len = np.array([len(q) for q in queries], dtype=np.int64)
        q_start = np.concatenate([[0], np.cumsum(q_len)])
        q_tok = np.fromiter(chain.from_iterable(queries), dtype=np.int64, count=int(q_start[-1]))
        q_w = np.array([index.weight(t) for t in q_tok.tolist()])
        # Pairs in each query's retrieval order, so that ties keep it.
        pair_q = np.repeat(np.arange(len(queries)), [len(c) for c in candidates])
        pair_r = np.concatenate(candidates)
        cells = _Cells(index, q_start, q_tok, q_w, pair_q, pair_r)
        letters, variants = self._prescreen_similarity(cells.tq, cells.tc)
        approx = cells.optimistic(letters)
        # Per query, best approximation first, retrieval order among equals (lexsort is stable).
        order = np.lexsort((-approx, pair_q))
        starts = np.cumsum([0] + [len(c) for c in candidates[:-1]])
        best = [order[lo : lo + EXACT_RESCORE] for lo in starts.tolist()]
        # The bound differs from the approximation only where a shared name symbol raised a word
        # pair (one cell in a hundred), and is wanted only for the candidates kept: those pairs
        # alone are laid out again, each reduced over its own cells as in the whole batch.
        bound = approx.copy()
        kept = np.concatenate(best)
        raised = np.zeros(len(pair_q), dtype=bool)
        raised[cells.pair[variants != letters]] = True
        again = kept[raised[kept]]
        if len(again):
            again.sort()
            sub = _Cells(index, q_start, q_tok, q_w, pair_q[again], pair_r[again])
            bound[again] = sub.optimistic(variants[cells.of_pairs(again)])
        return [(pair_r[chosen], bound[chosen]) for chosen in best]

    def _prescreen_similarity(self, tq: np.ndarray, tc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Likeness of word pairs by spelling and consonant skeleton, and the same with rigour's
        name variants (0.95, as the exact alignment scores them); each distinct pair computed
        once. A word that may or may not carry the Arabic article (الدي: al-Di or Oladi) is read
        both ways, as the exact alignment reads it."""
        latin, skel, article, other = self.index.token_strings()
        # Hashing, not sorting: a batch has millions of cells but a tenth as many distinct pairs.
        where, pairs = pd.factorize(tq * len(latin) + tc)
        uq, uc = np.divmod(pairs, len(latin))
        spelling = process.cpdist(latin[uq].tolist(), latin[uc].tolist(), scorer=OSA.normalized_similarity)
        sound = process.cpdist(skel[uq].tolist(), skel[uc].tolist(), scorer=OSA.normalized_similarity)
        # Either word read the other way round the article, or as another romanisation writes
        # it (Chekri as Shekry), as the exact alignment reads either.
        for reading in (article, other):
            for side, rest in ((uq, uc), (uc, uq)):
                read = np.flatnonzero(reading[side].astype(bool))
                if len(read):
                    found = process.cpdist(reading[side[read]].tolist(), skel[rest[read]].tolist(),
                                           scorer=OSA.normalized_similarity)  # fmt: skip
                    np.maximum.at(sound, read, found)
        letters = np.maximum(spelling, 0.92 * sound)
        # A query's initial, or initials written together, and a listed word they start
        # (KESAEV I. A., KHALAF FM / Igor Albertovich, Fuad Mohamed), as the exact alignment
        # pairs them. Not a listed initial and a query word: the listed
        # name then has one letter to show for that word, which as a lead is a list's every
        # namesake (AHMED, A.).
        first, initial, glued = self.index.token_initials()
        starts = (initial[uq] | glued[uq]) & ~initial[uc] & (first[uq] == first[uc])
        letters[starts] = np.maximum(letters[starts], INITIAL_SIM)
        symbols = self.index.token_symbols()
        shared = np.asarray(symbols[uq].multiply(symbols[uc]).sum(axis=1)).ravel() > 0
        variants = letters.copy()
        variants[shared] = np.maximum(variants[shared], 0.95)
        letters[letters < MIN_TOKEN_SIM] = 0.0
        variants[variants < MIN_TOKEN_SIM] = 0.0
        return letters[where], variants[where]

    def _align(self, q: _Words, c: _Words, person: bool) -> Alignment | None:
        tokens, query, record = self.index.tokens, q.tokens, c.tokens
        pairs = self._similar_pairs(query, record)
        # Two words written as one ('Ti Lapli' / Tilapli) go together before any word is paired
        # alone: one of them alone can look like a misspelling of the whole (Lapli / Tilapli).
        together = len(query) != len(record) and q.written_together(c)
        aligned = _written_together(tokens, query, record) if together else []
        # Arabic script's compounds written apart, whatever the lengths: the Latin side often has
        # an article written apart that the script joins to its word (AL-UBAIDI, الأوبيدي).
        if not aligned and (q.starts_abjad or c.starts_abjad):
            aligned = _compound_written_apart(tokens, query, record)
        # Which words are still free, by position: names are a few words long, and a flag per
        # word is cheaper to build and read than a set of the words taken.
        free_q, free_c = [True] * len(query), [True] * len(record)
        for _, qi, ci, _ in aligned:
            for i in qi:
                free_q[i] = False
            for j in ci:
                free_c[j] = False
        for sim, i, j, why in pairs:
            if free_q[i] and free_c[j]:
                free_q[i] = free_c[j] = False
                aligned.append((sim, (i,), (j,), why))
        left_q = [i for i, free in enumerate(free_q) if free]
        left_c = [j for j, free in enumerate(free_c) if free]
        # Every rarer form spans three words or more (one left over against two at least).
        if left_q and left_c and len(left_q) + len(left_c) >= 3:
            aligned += _align_leftovers(tokens, query, record, left_q, left_c, aligned, person)
        if not aligned:
            return None
        return Alignment(_score(q, c, aligned, left_q, left_c, person), aligned, left_q, left_c)

    def _similar_pairs(self, query, record) -> list[tuple[float, int, int, str]]:
        """Every (query word, record word) pair alike enough to align, (similarity, query idx,
        record idx, reason), most alike first."""
        cache, tokens = self._sim_cache, self.index.tokens
        pairs = []
        for i, q in enumerate(query):
            row = cache.get(q)
            if row is None:
                row = cache[q] = {}
            for j, c in enumerate(record):
                found = row.get(c)
                if found is None:
                    found = row[c] = token_similarity(tokens[q], tokens[c])
                if found[0] >= MIN_TOKEN_SIM:
                    pairs.append((found[0], i, j, found[1]))
        if len(pairs) > 1:
            pairs.sort(reverse=True)
        return pairs

    def _explain(self, query, record, alignment: Alignment) -> list[str]:
        tokens = self.index.tokens
        # In the query's word order, which is how a reviewer reads the name.
        pairs = sorted(alignment.pairs, key=lambda p: p[1][0])
        reasons = [_describe(tokens, query, record, qi, ci, sim, why) for sim, qi, ci, why in pairs]
        reasons += [f"'{_show(tokens[query[i]])}' not in listed name" for i in alignment.left_q]
        reasons += [f"listed '{_show(tokens[record[j]])}' missing" for j in alignment.left_c
                    if tokens[record[j]].role != LEGAL]  # fmt: skip
        return reasons


class _Cells:
    """Every (query word, record word) cell of a batch of (query, record) pairs as flat arrays,
    pair after pair, a-major within a pair, and the pre-screen's optimistic score of each pair
    from a likeness per cell."""

    def __init__(self, index: NameIndex, q_start, q_tok, q_w, pair_q: np.ndarray, pair_r: np.ndarray):
        m, n = q_start[pair_q + 1] - q_start[pair_q], index.record_len[pair_r].astype(np.int64)
        size = m * n
        self.off = off = np.concatenate([[0], np.cumsum(size)])
        # Element e of pair p is query word a, record word b, laid out a-major.
        self.pair = pe = np.repeat(np.arange(len(pair_q)), size)
        local = np.arange(int(off[-1])) - off[pe]
        a, b = np.divmod(local, n[pe])
        self.tq = q_tok[q_start[pair_q[pe]] + a]
        self.tc = index.record_token_ids[index.record_start[pair_r[pe]] + b]
        # Best partner of each query word (contiguous runs of n) and of each record word (runs
        # of m once the cells are laid out b-major).
        row_pair = np.repeat(np.arange(len(pair_q)), m)
        row_a = np.arange(len(row_pair)) - np.repeat(np.cumsum(m) - m, m)
        self.row_starts = off[row_pair] + row_a * n[row_pair]
        col_pair = np.repeat(np.arange(len(pair_q)), n)
        col_b = np.arange(len(col_pair)) - np.repeat(np.cumsum(n) - n, n)
        self.col_starts = off[col_pair] + col_b * m[col_pair]
        self.to_col_major = off[pe] + b * m[pe] + a
        self.w_q = q_w[q_start[pair_q[row_pair]] + row_a]
        self.w_c = index.record_token_weights[index.record_start[pair_r[col_pair]] + col_b]
        self.rows, self.cols = np.cumsum(m) - m, np.cumsum(n) - n
        self.missing_q, self.missing_c = np.add.reduceat(self.w_q, self.rows), np.add.reduceat(self.w_c, self.cols)

    def of_pairs(self, pairs: np.ndarray) -> np.ndarray:
        """The cells of ``pairs`` (ascending), in the order a layout of those pairs alone has them."""
        sizes = self.off[pairs + 1] - self.off[pairs]
        return np.repeat(self.off[pairs] - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))

    def optimistic(self, sims: np.ndarray) -> np.ndarray:
        q_best = np.maximum.reduceat(sims, self.row_starts)
        transposed = np.empty_like(sims)
        transposed[self.to_col_major] = sims
        c_best = np.maximum.reduceat(transposed, self.col_starts)
        w_q, w_c, rows, cols = self.w_q, self.w_c, self.rows, self.cols
        hit_q = np.add.reduceat((q_best > 0) * w_q, rows)
        hit_c = np.add.reduceat((c_best > 0) * w_c, cols)
        got = np.add.reduceat(q_best * w_q, rows) + np.add.reduceat(c_best * w_c, cols)
        miss_q, miss_c = self.missing_q - hit_q, self.missing_c - hit_c
        clash = np.minimum(miss_q, miss_c)
        total = hit_q + hit_c + CLASH_COST * clash + MISSING_COST_PERSON * np.abs(miss_q - miss_c)
        return got / np.maximum(total, 1e-9)


@dataclass(slots=True)
class Alignment:
    score: float
    pairs: list[tuple[float, tuple[int, ...], tuple[int, ...], str]]  # (similarity, query idx, record idx, reason)
    left_q: list[int]
    left_c: list[int]


class _Words:
    """A token sequence with what the alignment reads of each of its words, looked up once per
    sequence rather than once per pair it is in."""

    __slots__ = ("tokens", "weights", "distinctive", "starts_abjad", "latin", "joined")

    def __init__(self, tokens: tuple[int, ...], index: NameIndex):
        self.tokens = tokens
        self.weights = tuple(index.weight(t) for t in tokens)
        self.distinctive = tuple(index.tokens[t].role in _DISTINCTIVE for t in tokens)
        # Only a name that begins with an Arabic-script word can hold a compound written apart.
        self.starts_abjad = bool(tokens) and index.tokens[tokens[0]].abjad
        # The words in Latin letters, and every two adjacent words written together.
        latin = [index.tokens[t].latin for t in tokens]
        self.latin = frozenset(w for w, t in zip(latin, tokens) if not index.tokens[t].abjad)
        self.joined = frozenset(a + b for a, b in zip(latin, latin[1:]))

    def written_together(self, other: _Words) -> bool:
        """Whether _written_together finds two adjacent words of one written as one of the
        other: a set lookup, where the helper, which also says which words, loops over both."""
        return not (self.joined.isdisjoint(other.latin) and other.joined.isdisjoint(self.latin))


def _align_leftovers(tokens, query, record, left_q, left_c, aligned, person: bool) -> list:
    """The rarer forms that explain words left over on both sides, several words at once."""
    out = []
    # Word joining ('JanDaniel') is rare; only names nearly explained already are worth the
    # check. A compound with the article ('Abd al-Aziz' / Abdelaziz) is four words already,
    # and a person's listed name often has one more (a patronymic, a tribal name).
    left = len(left_q) + len(left_c)
    if 3 <= left <= 5:
        out += _align_joined(tokens, query, record, left_q, left_c, pairs=left <= 4)
    # Joining may have taken words.
    if left_q and left_c and len(left_q) + len(left_c) >= 3:
        shorter = _align_initials if person else _align_acronym
        out += shorter(tokens, query, record, left_q, left_c, aligned + out)
    return out


def _score(q: _Words, c: _Words, aligned, left_q, left_c, person: bool) -> float:
    """What aligned against what did not (see the module's docstring)."""
    wq, wc = q.weights, c.weights
    got = total = evidence = 0.0
    # What an initial leaves of the word it stands for (Albertovich beyond A.): one letter
    # agrees, the rest of the word is not shown, as a missing part.
    unshown = []
    for sim, qi, ci, why in aligned:
        # Mostly single words; joined forms ('JanDaniel') and acronyms span several.
        w_q = wq[qi[0]] if len(qi) == 1 else sum(wq[i] for i in qi)
        w_c = wc[ci[0]] if len(ci) == 1 else sum(wc[j] for j in ci)
        if why in (INITIAL_OF, INITIALS):
            unshown.append(abs(w_q - w_c))
            w_q = w_c = min(w_q, w_c)
            # A letter is little evidence of who it is: A. fits every Ahmed.
            evidence += INITIAL_EVIDENCE * sim * w_q
        else:
            evidence += sim * w_q
        got += sim * (w_q + w_c)
        total += w_q + w_c
    # A name explained word for word (most pairs) has nothing to cost.
    if left_q or left_c or unshown:
        total += _unexplained_cost(q, aligned, [wq[i] for i in left_q], [wc[j] for j in left_c], unshown, person)
    score = got / total
    if evidence < MIN_EVIDENCE:
        score *= 0.75 + 0.25 * evidence / MIN_EVIDENCE
    return score


def _unexplained_cost(q: _Words, aligned, lq: list[float], lc: list[float], unshown, person: bool) -> float:
    """The cost of the words left over: paired heaviest first as substitutions, the rest missing."""
    lq.sort(reverse=True)
    lc.sort(reverse=True)
    k = min(len(lq), len(lc))
    clash = CLASH_COST * sum(map(max, lq, lc))
    rest = sum(lq[k:]) + sum(lc[k:]) + sum(unshown)
    if not rest:
        # Nothing missing: how lenient to be with missing parts does not matter.
        return clash
    # Leniency for missing parts needs two distinctive words to agree first: a lone
    # 'Muhammad' or 'Star' does not make a match however many parts it leaves unexplained.
    strong = sum(1 for _, qi, _, _ in aligned if q.distinctive[qi[0]])
    missing_cost = (MISSING_COST_PERSON if person else MISSING_COST) if strong >= 2 else 1.0
    return clash + missing_cost * rest


def _align_joined(tokens, query, record, left_q, left_c, pairs: bool) -> list:
    """Align one leftover token with three adjacent leftovers on the other side, the Arabic
    article in the middle ('Abd al-Aziz' / Abdelaziz), or, if ``pairs``, two ('JanDaniel')."""
    out = []
    for one_side, other_side, one, other, flip in ((left_q, left_c, query, record, False),
                                                   (left_c, left_q, record, query, True)):  # fmt: skip
        for a in list(one_side):
            single = tokens[one[a]]
            found = _joined_with_article(tokens, single, other, other_side)
            if found is not None:
                sim, run = found
                one_side.remove(a)
                for b in run:
                    other_side.remove(b)
                out.append((sim, run, (a,), JOINED) if flip else (sim, (a,), run, JOINED))
                continue
            if not pairs:
                continue
            for b1, b2 in zip(other_side, other_side[1:]):
                if b2 != b1 + 1:
                    continue
                first, second = tokens[other[b1]], tokens[other[b2]]
                if first.abjad:
                    # Two Arabic-script words written as one Latin word are a compound written
                    # apart, aligned already when they are one (_compound_written_apart): their
                    # consonants alone are too loose (سوسان ليلا has Sanaullah's).
                    continue
                joined = first.latin + second.latin
                if abs(len(joined) - len(single.latin)) > 2 and not single.abjad:
                    continue
                if single.abjad:
                    joined_skeleton = skeleton(joined)
                    if min(len(single.skeleton), len(joined_skeleton)) < 3:
                        continue
                    sim = Levenshtein.normalized_similarity(single.skeleton, joined_skeleton)
                else:
                    sim = Levenshtein.normalized_similarity(single.latin, joined)
                    # Written together, vowels change as often as not: Abd al / Abdul / Abdel. But
                    # the word keeps its first sound, which the skeleton drops when it is a vowel
                    # (Apllrus is not Pola Raiz; Ebubekir is Abu Bakr, any vowel as heard), most of
                    # its letters (Alamzeb / Alam Zaib; not Altamira / Al Athmaar, Kilic Co / Kalco),
                    # and an abbreviation is not sounded out (HDSL).
                    start = single.latin[0] == joined[0] or (single.latin[0] in "aeiou" and joined[0] in "aeiou")
                    if (len(single.skeleton) >= 3 and single.voiced and start and sim >= JOINED_LETTERS
                            and skeleton(joined) == single.skeleton):
                        sim = max(sim, 0.9)
                if sim >= 0.85:
                    one_side.remove(a)
                    other_side.remove(b1)
                    other_side.remove(b2)
                    out.append((sim, (b1, b2), (a,), JOINED) if flip else (sim, (a,), (b1, b2), JOINED))
                    break
    return out


def _joined_with_article(tokens, single, other, free) -> tuple[float, tuple[int, int, int]] | None:
    """Three adjacent leftovers, the article in the middle, that ``single`` writes as one word:
    its letters but a vowel or two (Abdelaziz / Abd al-Aziz), or its consonants (Abdurrahman /
    Abd al-Rahman, Nureddin / Nur al-Din). Arabic script writes such a compound as one word
    too (عبدالعزيز), and then only its consonants can agree."""
    if len(free) < 3 or len(single.skeleton) < 3:
        return None
    for b in free:
        if b + 1 not in free or b + 2 not in free:
            continue
        first, article, word = (tokens[other[i]] for i in (b, b + 1, b + 2))
        # Written together a name keeps its first letter; the skeleton, which drops an initial
        # vowel, would read Ansar al-Din as Nasiruddin. (An abjad word's first letter may be an
        # ayn or a hamza, which no Latin letter writes: عبد, Abd.)
        if first.abjad or word.abjad or not (single.abjad or first.latin[0] == single.latin[0]):
            continue
        for joined in joined_with_article(first.latin, article.latin, word.latin):
            sim = 0.0 if single.abjad else Levenshtein.normalized_similarity(single.latin, joined)
            if skeleton(joined) == single.skeleton:
                sim = max(sim, 0.9)
            if sim >= 0.85:
                return sim, (b, b + 1, b + 2)
    return None


def _written_together(tokens, query, record) -> list:
    """Two adjacent words on one side spelled exactly as one word on the other. Runs for most
    candidates, so it compares lengths before building any string or container."""
    for one, other, flip in ((query, record, False), (record, query, True)):
        found = None
        i = 0
        while i < len(one) - 1:
            first, second = tokens[one[i]].latin, tokens[one[i + 1]].latin
            size = len(first) + len(second)
            for j, t in enumerate(other):
                word = tokens[t]
                if len(word.latin) == size and not word.abjad and word.latin == first + second:
                    if found is None:
                        found = []
                    elif any(j == k for _, k in found):
                        continue
                    found.append((i, j))
                    i += 1
                    break
            i += 1
        if found:
            return [(1.0, (j,), (i, i + 1), JOINED) if flip else (1.0, (i, i + 1), (j,), JOINED) for i, j in found]
    return []


def _compound_written_apart(tokens, query, record) -> list:
    """Two adjacent Arabic-script words on one side that are one Latin word's consonants on the
    other, a compound written apart (جاد الله / Jadallah, مرادی پور / Moradipour; see
    normalize.compound_written_apart), aligned before single words: otherwise الله pairs with a
    listed article (Al) and عبد with a name that begins with an ayn (Ubaidi), and the compound
    is left in pieces. Scored as an abjad word that fits its Latin rendering."""
    for one, other, flip in ((query, record, False), (record, query, True)):
        # Runs for most candidates: a name in Latin letters leaves at once.
        if not tokens[one[0]].abjad:
            continue
        found, taken = [], set()
        for i in range(len(one) - 1):
            readings = compound_written_apart(tokens[one[i]], tokens[one[i + 1]])
            if not readings or any(i in pair for pair, _ in found):
                continue
            for j, t in enumerate(other):
                word = tokens[t]
                if j not in taken and not word.abjad and any(written_as(r, word) for r in readings):
                    found.append(((i, i + 1), j))
                    taken.add(j)
                    break
        if found:
            return [(0.92, (j,), pair, JOINED) if flip else (0.92, pair, (j,), JOINED) for pair, j in found]
    return []


def _align_acronym(tokens, query, record, left_q, left_c, aligned) -> list:
    """Align a leftover word with a run of adjacent leftovers on the other side whose initials
    spell it (ARP ~ Aircraft Repair Plant). An acronym is corroborated only by a distinctive
    word agreeing beside it, not by a legal form or a generic word (OAO ... Zavod / MMZ ...
    Open Joint Stock Company); alone it counts for less."""
    out = []
    alone = None
    for one_side, other_side, one, other, flip in ((left_q, left_c, query, record, False),
                                                   (left_c, left_q, record, query, True)):  # fmt: skip
        for a in one_side:
            word = tokens[one[a]]
            if len(other_side) < 2 or not acronym.could_be_acronym(word, alone=False):
                continue
            run = acronym.find_run(word, tokens, other, other_side)
            if run is None:
                continue
            if alone is None:
                alone = not any(acronym.vouches(tokens[query[qi[0]]]) for _, qi, _, _ in aligned)
            if alone and not acronym.could_be_acronym(word, alone=True):
                continue
            sim = acronym.similarity(word, alone)
            out.append((sim, run, (a,), ACRONYM) if flip else (sim, (a,), run, ACRONYM))
            one_side.remove(a)
            for b in run:
                other_side.remove(b)
            # One acronym per name pair: the loop's lists have just changed.
            return out
    return out


def _align_initials(tokens, query, record, left_q, left_c, aligned) -> list:
    """Align a leftover word of two to four letters in a person's name with a run of adjacent
    leftovers on the other side that it gives the initials of, as registers write given names
    and patronymics (BORISSOV AA, Arriola Marquez EF). Only beside a distinctive word that
    agrees (the family name): two letters alone are anyone's initials."""
    if not any(acronym.vouches(tokens[query[qi[0]]]) for _, qi, _, why in aligned if why not in (INITIAL_OF, INITIALS)):
        return []
    out = []
    for one_side, other_side, one, other, flip in ((left_q, left_c, query, record, False),
                                                   (left_c, left_q, record, query, True)):  # fmt: skip
        for a in list(one_side):
            word = tokens[one[a]]
            if not 2 <= len(word.latin) <= 4 or not word.latin.isalpha() or word.abjad or len(other_side) < 2:
                continue
            run = acronym.find_run(word, tokens, other, other_side)
            if run is not None:
                out.append((INITIAL_SIM, run, (a,), INITIALS) if flip else (INITIAL_SIM, (a,), run, INITIALS))
                one_side.remove(a)
                for b in run:
                    other_side.remove(b)
    return out


def _show(token) -> str:
    return token.form if token.abjad else token.form.title()


def _describe(tokens, query, record, qi, ci, sim, why) -> str:
    left = " ".join(_show(tokens[query[i]]) for i in qi)
    right = " ".join(_show(tokens[record[j]]) for j in ci)
    if why in (ACRONYM, INITIALS):
        # The short form first, as written, whichever side holds it: 'ARP' = 'Aircraft Repair
        # Plant', 'AA' = 'Alexander Aleksandrovich'.
        short, words = (tokens[query[qi[0]]], right) if len(qi) == 1 else (tokens[record[ci[0]]], left)
        return f"'{short.latin.upper()}' = '{words}' ({ACRONYM + ': ' if why == ACRONYM else ''}their initials)"
    if why == EXACT or left == right:
        return f"'{left}' = '{right}'"
    return f"'{left}' " + REASON_TEXT[why].format(f"'{right}'", sim)


# The most adjust_for_context can add: same birth date and same country.
CONTEXT_RAISE_MAX = 0.08 + 0.03


def adjust_for_context(score: float, entry: WatchlistEntry, kind: str, country: str, birth_date: str):
    """Raise or lower a name score with what else is known; returns the score and the notes."""
    notes = []
    if kind and entry.kind != "unknown" and kind != entry.kind:
        score *= 0.85
        notes.append(f"kind differs ({kind} vs listed {entry.kind})")
    if birth_date and entry.birth_dates:
        if birth_date in entry.birth_dates:
            score += 0.08
            notes.append("birth date matches")
        else:
            years = {int(d[:4]) for d in entry.birth_dates if d[:4].isdigit()}
            year = int(birth_date[:4]) if birth_date[:4].isdigit() else None
            if year is None or not years:
                pass
            elif year in years:
                score += 0.05
                notes.append("birth year matches")
            elif min(abs(year - y) for y in years) > 1:
                score -= 0.15
                notes.append(f"born {year}, listed {'/'.join(str(y) for y in sorted(years))}")
    if country and entry.countries:
        if country in entry.countries:
            score += 0.03
            notes.append(f"country matches ({country})")
        else:
            score -= 0.05
            notes.append(f"country differs ({country} vs listed {'/'.join(entry.countries)})")
    return min(max(score, 0.0), 1.0), notes


# The matcher a forked worker inherits from its parent (set only while a pool runs).
_FORKED: Matcher | None = None


def _remember(cache: dict, key, value):
    """Keep ``value`` under ``key`` in one of the matcher's per-name caches, starting the cache
    afresh when it is full; the lookup stays with the caller, on the hot path."""
    if len(cache) >= NAME_CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


def _match_chunk(items, limit, threshold) -> list[tuple]:
    return _FORKED._match_items(items, limit, threshold)


def _query_items(queries: pd.DataFrame) -> list[tuple[object, str, str, str, str]]:
    columns = [queries[c].tolist() if c in queries.columns else None for c in ("name", "kind", "country", "birth_date")]
    values = [[_clean(v) for v in col] if col is not None else [""] * len(queries) for col in columns]
    return list(zip(queries["query_id"].tolist(), *values))


def _kind(kind: str) -> str:
    """A query's kind as the matcher knows kinds, or '' when it is none of them."""
    return kind.lower() if kind.lower() in QUERY_KINDS else ""


def _clean(value) -> str:
    # Missing cells arrive as None, NaN, NaT or pd.NA depending on who built the frame.
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    return str(value).strip()
