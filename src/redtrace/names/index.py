"""Candidate retrieval: which listed names are worth scoring against a query.

Every listed name (primary name or alias) is a *record*. Each of its tokens is indexed under a
few keys, so that a query token finds the records holding the same word, a variant of it
(rigour's name symbols: Mohamed / Muhammad / محمد), a transliteration (same consonant
skeleton), or a one-consonant typo (skeleton with one letter deleted, SymSpell-style). A query
touches only the postings of its own keys; keys shared by a large part of the list (al, company,
muhammad) are skipped while the query has rarer ones, which is what keeps the candidate sets
small. The vocabulary also holds each token's document frequency, from which its weight comes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import chain

import numpy as np
from scipy.sparse import csr_matrix

from redtrace.io.watchlists import WatchlistEntry
from redtrace.names.acronym import MAX_LETTERS, MIN_ALONE, could_be_acronym, initials, run_initials, vouches
from redtrace.names.normalize import (
    GENERIC,
    INITIAL,
    LEGAL,
    NAME,
    PARTICLE,
    Token,
    analyze,
    compound_written_apart,
    joined_with_article,
    skeleton,
)

# How much a token's role lets it count, before its rarity is taken into account.
ROLE_WEIGHT = {NAME: 1.0, INITIAL: 0.5, PARTICLE: 0.2, GENERIC: 0.35, LEGAL: 0.1}
# A key in more than this share of the records is too common to retrieve on by itself.
COMMON_KEY_SHARE = 0.03
# Candidates must reach this share of the best candidate's retrieval credit.
RELATIVE_CUTOFF = 0.3
# Per word of length difference between record and query; only breaks ties.
TIE_BREAK = 1e-3
# Records tied at the retrieval cut are all kept, up to this many times the limit.
TIED_EXTRA = 4
# Added to a token's inverse document frequency (0..1), so that common words keep some weight.
IDF_FLOOR = 0.1
# A key shared by more records than this does not say which one another form of the name is
# (an acronym or a joined form as common as a word), so it retrieves nothing by itself.
STRUCTURE_MAX_RECORDS = 10
# Consonants a joined form's skeleton needs before it is looked up: two words of two or three
# letters (Ep Itk, M. M.) have skeletons as short as one word's and meet many other words.
JOINED_SKELETON = 4


def token_keys(token: Token) -> list[str]:
    if token.role in (LEGAL, INITIAL):
        return []
    keys = [f"l{token.latin}"]
    skel = token.skeleton
    if len(skel) >= 2:
        keys.append(f"k{skel}")
    # A reading that is the start of the word's own consonants (Abdul read as عبد) is no key: it
    # would file every Abdul with Abdi and Abad, and that key would be too common to retrieve on.
    if len(token.article_skeleton) >= 2 and not skel.startswith(token.article_skeleton):
        keys.append(f"k{token.article_skeleton}")
    if len(token.other_skeleton) >= 2:
        keys.append(f"k{token.other_skeleton}")
    if len(skel) >= 3:
        keys.append(f"d{skel}")
        keys.extend(f"d{skel[:i]}{skel[i + 1:]}" for i in range(len(skel)))
    latin = token.latin
    if 5 <= len(latin) <= 14 and not token.abjad:
        # One edit anywhere in a Latin word (Inatnd / Inand) leaves one deletion in common.
        keys.append(f"e{latin}")
        keys.extend(f"e{latin[:i]}{latin[i + 1:]}" for i in range(len(latin)))
    keys.extend(f"s{sym}" for sym in token.symbols if sym.startswith("NAME:"))
    return keys


def _article_keys(tokens: tuple[Token, ...]) -> set[str]:
    """The article written apart ('Al Muhammad') keyed as it is written joined to its word
    (Almuhammad, and المحمد, whose Latin form keeps it): a joined query word then finds it."""
    return {f"k{skeleton('al' + nxt.latin)}" for t, nxt in zip(tokens, tokens[1:])
            if t.latin in ("al", "el") and not nxt.abjad and len(nxt.skeleton) >= 2}  # fmt: skip


def _structure_keys(tokens: tuple[Token, ...], kind: str) -> set[str]:
    """Keys under which a record is found from another form of its name that shares no word
    with it: each two adjacent words written together (j: 'SPM Co.' for SPMCO, 'Ti Lapli' for
    Tilapli; J: its skeleton), and an organisation's acronyms (a: RIHS for 'Revival of Islamic Heritage
    Society'; r: those of its runs of words, WA in 'ISIS-West Africa')."""
    pairs = [a.latin + b.latin for a, b in zip(tokens, tokens[1:]) if not (a.abjad or b.abjad)]
    # Written together, a name is often respelled too (Alam Zaib / Alamzeb): its skeleton as
    # well, when it has enough consonants to say which name it is.
    # Three words with the article in the middle are written as one too (Abd al-Aziz / Abdelaziz).
    pairs += [joined for a, b, c in zip(tokens, tokens[1:], tokens[2:]) if not (a.abjad or c.abjad)
              for joined in joined_with_article(a.latin, b.latin, c.latin)]  # fmt: skip
    keys = {f"j{joined}" for joined in pairs} | {f"J{s}" for joined in pairs if len(s := skeleton(joined)) >= JOINED_SKELETON}
    if kind != "person" and len(tokens) >= 2:
        keys |= {f"a{s}" for s in initials(tokens) if MIN_ALONE <= len(s) <= MAX_LETTERS}
        keys |= {f"r{s}" for s in run_initials(tokens)}
    return keys


def _joined_keys(a: Token, b: Token) -> list[str]:
    """Keys of the listed word that two adjacent query words are written as one: its Latin form
    and, with four consonants or more, its skeleton; or, for two Arabic-script words, the
    skeletons of the compound they write apart (compound_written_apart)."""
    if a.abjad or b.abjad:
        return [f"k{skeleton(r, True)}" for r in compound_written_apart(a, b)]
    joined = a.latin + b.latin
    sound = skeleton(joined)
    return [f"l{joined}", f"k{sound}"] if len(sound) >= JOINED_SKELETON else [f"l{joined}"]


class NameIndex:
    def __init__(self, entries: list[WatchlistEntry]):
        self.entries = entries
        self.vocab: dict[Token, int] = {}
        self.tokens: list[Token] = []
        self._df: list[int] = []
        self._skeleton_df: dict[str, int] = defaultdict(int)
        self.record_entry: list[int] = []
        self.record_name: list[str] = []
        self.record_tokens: list[tuple[int, ...]] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for entry_idx, entry in enumerate(entries):
            seen_in_entry: set[int] = set()
            for name in entry.names:
                form = analyze(name, entry.kind)
                if not form.tokens:
                    continue
                ids = tuple(self.token_id(t) for t in form.tokens)
                rid = len(self.record_entry)
                self.record_entry.append(entry_idx)
                self.record_name.append(name)
                self.record_tokens.append(ids)
                seen_in_entry.update(ids)
                keys = {k for t in form.tokens for k in token_keys(t)} | _article_keys(form.tokens)
                for key in keys | _structure_keys(form.tokens, entry.kind):
                    postings[key].append(rid)
            for tid in seen_in_entry:
                self._df[tid] += 1
            for skel in {self.tokens[t].skeleton for t in seen_in_entry}:
                self._skeleton_df[skel] += 1
        self.postings = {k: np.asarray(v, dtype=np.int32) for k, v in postings.items()}
        self.n_records = len(self.record_entry)
        self._common = max(50, int(COMMON_KEY_SHARE * self.n_records))
        self._n = max(len(entries), 1)
        self._weights: list[float] = []
        self._postings_of: dict[int, tuple] = {}
        self._structures: dict[tuple[int, bool], tuple[int, ...]] = {}
        self._strings = (np.empty(0, dtype=object),) * 4
        # Per token: its first letter's code point, whether it is an initial, and whether it may be
        # initials written together (see token_initials).
        self._letters = np.zeros((0, 3), dtype=np.int32)
        self._strings_filled = 0
        self._symbol_ids: dict[str, int] = {}
        self._symbol_pairs: tuple[list[int], list[int]] = ([], [])
        self._symbol_matrix: csr_matrix | None = None
        # Among records sharing as much query weight, those as long as the query come first.
        self.record_len = np.array([len(r) for r in self.record_tokens], dtype=np.float64)
        # Every record's tokens and weights end to end (CSR layout), for batch-wide gathers.
        self.record_start = np.concatenate([[0], np.cumsum(self.record_len, dtype=np.int64)])
        self.record_token_ids = np.fromiter(chain.from_iterable(self.record_tokens), dtype=np.int64)
        self.record_token_weights = np.array([self.weight(t) for t in self.record_token_ids.tolist()])

    def token_id(self, token: Token) -> int:
        tid = self.vocab.get(token)
        if tid is None:
            tid = self.vocab[token] = len(self.tokens)
            self.tokens.append(token)
            self._df.append(0)
        return tid

    def token_strings(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every token's Latin form, skeleton, article reading and other romanisation's
        skeleton as arrays indexed by token id,
        so that a batch gathers its words' strings with one take instead of a Python loop.
        Grown in place (capacity doubling) as queries add words."""
        self._fill()
        n = len(self.tokens)
        return tuple(a[:n] for a in self._strings)

    def token_initials(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every token's first letter (code point), whether the token is an initial (A. stands
        for any word it starts: Albertovich), and whether it may be initials written together:
        two to four letters no listed name writes as a word (FM, ZB, AI for Fuad Mohamed, Zarakh
        Binsionovich, Aleksandr Ivanovich), indexed by token id."""
        self._fill()
        letters = self._letters[: len(self.tokens)]
        return letters[:, 0], letters[:, 1].astype(bool), letters[:, 2].astype(bool)

    def token_symbols(self) -> csr_matrix:
        """Tokens x rigour symbols (Mohamed, Muhammad and محمد share one), so that whether two
        words share a symbol is a sparse row product for a whole batch of word pairs."""
        self._fill()
        if self._symbol_matrix is None or self._symbol_matrix.shape[0] != len(self.tokens):
            rows, cols = self._symbol_pairs
            self._symbol_matrix = csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                                             shape=(len(self.tokens), max(len(self._symbol_ids), 1)))  # fmt: skip
        return self._symbol_matrix

    def _fill(self) -> None:
        filled, n = self._strings_filled, len(self.tokens)
        if filled == n:
            return
        if len(self._strings[0]) < n:
            grown = tuple(np.empty(2 * n, dtype=object) for _ in self._strings)
            for old, new in zip(self._strings, grown):
                new[:filled] = old[:filled]
            self._strings = grown
            letters = np.zeros((2 * n, 3), dtype=np.int32)
            letters[:filled] = self._letters[:filled]
            self._letters = letters
        rows, cols = self._symbol_pairs
        for i in range(filled, n):
            t = self.tokens[i]
            for array, value in zip(self._strings, (t.latin, t.skeleton, t.article_skeleton, t.other_skeleton)):
                array[i] = value
            glued = t.role == NAME and 2 <= len(t.latin) <= 4 and t.latin.isalpha() and not t.abjad and not self._df[i]
            self._letters[i] = (ord(t.latin[0]), t.role == INITIAL, glued)
            for symbol in t.symbols:
                rows.append(i)
                cols.append(self._symbol_ids.setdefault(symbol, len(self._symbol_ids)))
        self._strings_filled = n

    def weight(self, tid: int) -> float:
        """Role weight times rarity: a word on many listed entries says less about identity."""
        weights = self._weights
        if tid >= len(weights):
            for i in range(len(weights), len(self.tokens)):
                idf = math.log((self._n + 1) / (self._frequency(i) + 1)) / math.log(self._n + 1)
                weights.append(ROLE_WEIGHT[self.tokens[i].role] * min(1.0, IDF_FLOOR + max(idf, 0.0)))
        return weights[tid]

    def _frequency(self, tid: int) -> int:
        """Entries holding the word, or, when it is spelled in a way the list never spells it
        (Arabic script, a new romanisation), as many as hold its sound: a query's محمد or
        Mohamad is as common as the list's Muhammads."""
        token = self.tokens[tid]
        if len(token.skeleton) < 3 and not token.abjad:
            return self._df[tid]
        return max(self._df[tid], self._skeleton_df.get(token.skeleton, 0))

    def _token_postings(self, tid: int) -> tuple[tuple | None, tuple | None]:
        """The records a query token reaches, each with its share of the token's weight: through
        the token's keys rare enough to retrieve on, and through its skeleton alone (what a
        query of only common words such as 'Muhammad al-Muhammad' retrieves on)."""
        found = self._postings_of.get(tid)
        if found is None:
            keys = token_keys(self.tokens[tid])
            keys.sort(key=lambda k: k != f"k{self.tokens[tid].skeleton}")
            arrays = [self.postings[k] for k in keys if k in self.postings]
            rare = [x for x in arrays if len(x) <= self._common]
            found = self._postings_of[tid] = (_shared(rare, self.weight(tid)), _shared(arrays[:1], self.weight(tid)))
        return found

    def candidates(self, queries: list[list[int]], limit: int) -> list[np.ndarray]:
        """For each query, up to ``limit`` record ids sharing the most query weight, best first.

        The whole batch is one sparse product, queries x postings times postings x records
        (scipy's C++ loops), so the per-query Python work is only picking its tokens' postings.
        A query's sums do not depend on what else is in the batch."""
        rows: dict[tuple[int, bool], int] = {}
        postings, picked, ptr = [], [], [0]
        for query in queries:
            found = [self._token_postings(tid) for tid in query]
            rare = any(r is not None for r, _ in found)
            for tid, pair in zip(query, found):
                chosen = pair[0] if rare else pair[1]
                if chosen is not None:
                    row = rows.setdefault((tid, rare), len(rows))
                    if row == len(postings):
                        postings.append(chosen)
                    picked.append(row)
            ptr.append(len(picked))
        out: list[np.ndarray] = [np.empty(0, dtype=np.int32)] * len(queries)
        if not postings:
            return out
        by_query = csr_matrix((np.ones(len(picked)), picked, ptr), shape=(len(queries), len(postings)))
        records, shares = (np.concatenate(part) for part in zip(*postings))
        starts = np.concatenate([[0], np.cumsum([len(r) for r, _ in postings])])
        to_records = csr_matrix((shares, records, starts), shape=(len(postings), self.n_records))
        shared = by_query @ to_records
        # Each query's records in record order, so that the sort below need not compare them.
        shared.sort_indices()
        q = np.repeat(np.arange(len(queries)), np.diff(shared.indptr))
        rid, scores = shared.indices, shared.data
        if not len(q):
            return out
        lengths = np.array([len(query) for query in queries], dtype=np.float64)
        scores = scores - TIE_BREAK * np.abs(self.record_len[rid] - lengths[q])
        starts = shared.indptr[:-1][np.diff(shared.indptr) > 0]
        best = np.zeros(len(queries))
        best[q[starts]] = np.maximum.reduceat(scores, starts)
        # Records far behind a query's best one share only a weak key with it; not worth scoring.
        keep = scores >= RELATIVE_CUTOFF * best[q]
        q, rid, scores = q[keep], rid[keep], scores[keep]
        # Best first; equal scores in record order (already theirs: both sorts are stable). Two
        # one-key sorts, the second on small integers, cost a third of lexsort's three.
        order = np.argsort(-scores, kind="stable")
        order = order[np.argsort(q[order].astype(np.int32), kind="stable")]
        q, rid, scores = q[order], rid[order], scores[order]
        starts = np.flatnonzero(np.r_[True, q[1:] != q[:-1]])
        sizes = np.diff(np.r_[starts, len(q)])
        rank = np.arange(len(q)) - np.repeat(starts, sizes)
        # Records tied with the last one taken share as much with the query; which of them make
        # the cut would be an accident of record order, so they come too, up to TIED_EXTRA times
        # the limit (the pre-screen sorts them out).
        last = np.full(len(starts), np.inf)
        full = sizes >= limit
        last[full] = scores[starts[full] + limit - 1]
        keep = (rank < limit) | ((scores >= np.repeat(last, sizes)) & (rank < TIED_EXTRA * limit))
        q, rid = q[keep], rid[keep]
        bounds = np.flatnonzero(np.r_[True, q[1:] != q[:-1], True])
        for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            out[int(q[lo])] = rid[lo:hi]
        return out

    def structural_candidates(self, query: list[int]) -> list[int]:
        """Records a query may name in another form sharing no word with it, found through
        the records' structure keys: a query word written as two adjacent listed words, two
        adjacent query words written as one listed word, or a one-word query standing for a
        listed organisation's acronym. (A listed acronym is not looked up from the query's
        initials: alone, such a match stays below a working threshold, and every long name
        has initials.)"""
        found: list[int] = []
        for tid in query:
            found += self._structure_of(tid, alone=len(query) == 1)
        tokens = [self.tokens[t] for t in query]
        for a, b in zip(tokens, tokens[1:]):
            for key in _joined_keys(a, b):
                hits = self.postings.get(key)
                if hits is not None and len(hits) <= STRUCTURE_MAX_RECORDS:
                    found += hits.tolist()
        if len(query) >= 2:
            found += self._acronym_beside(query)
        return list(dict.fromkeys(found)) if found else found

    def _acronym_beside(self, query: list[int]) -> list[int]:
        """Records holding a query word as the initials of a run of their words, or a run of
        query words as one word of their own, and another query word, a distinctive one, as
        written (ARP 419: '419 Aircraft Repair Plant', and the other way round; ISIS-WA:
        'ISIS-West Africa'). Two or three letters are the initials of too many runs to say
        which record alone; with a word that agrees beside them, few records remain."""
        tokens = [self.tokens[t] for t in query]
        # A record that holds the query word as written spells nothing out for it: 'Al' is the
        # initials of 'Amal Logistics', but 'Al Amal Logistics' holds the article itself.
        short = [(i, self._spelled_out(t)) for i, t in enumerate(tokens) if could_be_acronym(t, alone=False)]
        written = [(-1, self.postings.get(f"l{s}")) for s in run_initials(tokens)]
        beside = [(j, self.postings.get(f"l{word.latin}")) for j, word in enumerate(tokens) if vouches(word)]
        found: list[int] = []
        for i, records in short + written:
            if records is None:
                continue
            for j, holders in beside:
                if j != i and holders is not None:
                    both = np.intersect1d(records, holders, assume_unique=True)
                    if len(both) <= STRUCTURE_MAX_RECORDS:
                        found += [r for r in both.tolist() if self.entries[self.record_entry[r]].kind != "person"]
        return found

    def _spelled_out(self, token) -> np.ndarray | None:
        """Records with a run of words whose initials are `token`, and not `token` itself."""
        runs = self.postings.get(f"r{token.latin}")
        written = self.postings.get(f"l{token.latin}")
        if runs is None or written is None:
            return runs
        return np.setdiff1d(runs, written, assume_unique=True)

    def _structure_of(self, tid: int, alone: bool) -> tuple[int, ...]:
        """Records holding a query word's letters as two adjacent words, or, for a word that
        is the whole query, as their acronym. Kept as tuples (mostly the empty one): a
        list per query word would be one more object for the garbage collector to track, and
        enough of them trigger a full collection of the whole index."""
        found = self._structures.get((tid, alone))
        if found is None:
            token = self.tokens[tid]
            keys = [f"j{token.latin}"] if len(token.latin) >= 4 and not token.abjad else []
            # A listed word as written is the name itself, not two listed words respelled
            # together; only a word the list never writes is looked up that way (skeletons of
            # common words meet many pairs' skeletons, each one more alignment to run).
            if len(token.skeleton) >= JOINED_SKELETON and not token.abjad and f"l{token.latin}" not in self.postings:
                keys.append(f"J{token.skeleton}")
            if alone and could_be_acronym(token, alone=True):
                keys.append(f"a{token.latin}")
            found = tuple(r for k in keys if (hits := self.postings.get(k)) is not None
                          and len(hits) <= STRUCTURE_MAX_RECORDS for r in hits.tolist())  # fmt: skip
            self._structures[(tid, alone)] = found
        return found


def _shared(arrays: list[np.ndarray], weight: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Records reached through any of ``arrays``, each reach worth an equal share of ``weight``.

    A record reached through several keys of one token (same word, same skeleton, same variant)
    adds up the shares (the sparse product sums repeated records); exact matches, which hit
    every key, come out on top. Cheaper than de-duplicating per token."""
    if not arrays:
        return None
    hits = np.concatenate(arrays)
    return hits, np.full(len(hits), weight / len(arrays))
