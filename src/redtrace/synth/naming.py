"""Names of people and companies, and the spelling variants the same name takes in other records.

A name is a sequence of parts, each part a tuple of interchangeable renderings (an Arabic given
name in several Latin transliterations, a legal form in several spellings). Rendering the first of
each is the canonical name (what a watchlist carries); a variant picks other renderings and adds
the noise clerks add: Turkish letters dropped, typos, word order, case.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from normality import ascii_text

from redtrace.synth import vocab


@dataclass(frozen=True)
class Name:
    parts: tuple[tuple[str, ...], ...]
    legal_form: tuple[str, ...] = ()  # renderings of the legal form; empty for people
    person: bool = False

    def canonical(self) -> str:
        words = [p[0] for p in self.parts] + ([self.legal_form[0]] if self.legal_form else [])
        return " ".join(words)

    def renderings(self, rng: random.Random) -> list[str]:
        """One rendering of each part: the canonical one mostly, another transliteration sometimes."""
        return [p[0] if len(p) == 1 or rng.random() < 0.4 else rng.choice(p[1:]) for p in self.parts]

    def variant(self, rng: random.Random, strength: int = 1) -> str:
        """A spelling of this name that another record might hold; differs from the canonical."""
        canonical = self.canonical()
        for _ in range(8):
            words = self.renderings(rng)
            form = rng.choice(self.legal_form) if self.legal_form else ""
            edits = rng.sample(_EDITS, k=min(len(_EDITS), strength + rng.randint(0, 1)))
            for edit in edits:
                words, form = edit(rng, words, form, self.person)
            text = " ".join(w for w in [*words, form] if w)
            if text != canonical:
                return text
        return canonical.upper()


def _drop_diacritics(rng: random.Random, words: list[str], form: str, person: bool) -> tuple[list[str], str]:
    return [ascii_text(w) for w in words], ascii_text(form)


def _typo(rng: random.Random, words: list[str], form: str, person: bool) -> tuple[list[str], str]:
    candidates = [i for i, w in enumerate(words) if len(w) >= 4]
    if not candidates:
        return words, form
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swap neighbours
    elif kind == 1:
        w = w[:j] + w[j + 1 :]  # drop a letter
    else:
        w = w[:j] + w[j] + w[j:]  # double a letter
    return [*words[:i], w, *words[i + 1 :]], form


def _reorder(rng: random.Random, words: list[str], form: str, person: bool) -> tuple[list[str], str]:
    if len(words) < 2:
        return words, form
    if person:  # family name first, as registries and passports often print it
        return [words[-1], *words[:-1]], form
    i = rng.randrange(len(words) - 1)
    return [*words[:i], words[i + 1], words[i], *words[i + 2 :]], form


def _case(rng: random.Random, words: list[str], form: str, person: bool) -> tuple[list[str], str]:
    return [w.upper() for w in words], form.upper()


def _drop_form(rng: random.Random, words: list[str], form: str, person: bool) -> tuple[list[str], str]:
    if person and len(words) > 2:  # a middle name (father's name) left out
        return [words[0], words[-1]], form
    return words, ""


def _hyphen(rng: random.Random, words: list[str], form: str, person: bool) -> tuple[list[str], str]:
    return [w.replace("al-", "Al ").replace("-", " ") if rng.random() < 0.5 else w.replace("-", "") for w in words], form


_EDITS = (_drop_diacritics, _typo, _reorder, _case, _drop_form, _hyphen)


def culture(country: str, rng: random.Random) -> str:
    """Which naming tradition a person of this country is drawn from ('AR', 'TR' or the country)."""
    if country in vocab.ARABIC_COUNTRIES:
        return "AR"
    if country == "TR":
        return "AR" if rng.random() < 0.12 else "TR"  # Syrian and Iraqi residents of Turkey
    if country in ("GB", "DE", "DK", "NL", "FR") and rng.random() < 0.08:
        return rng.choice(("AR", "TR"))
    return country if country in vocab.PEOPLE else "GB"


def person_name(rng: random.Random, tradition: str) -> Name:
    if tradition == "AR":
        given = rng.choice(vocab.ARABIC_GIVEN)
        father = rng.choice(vocab.ARABIC_GIVEN[:33])  # a man's name
        family = rng.choice(vocab.ARABIC_FAMILY)
        parts = (given, father, family) if rng.random() < 0.5 else (given, family)
        return Name(parts, person=True)
    if tradition == "TR":
        return Name(((rng.choice(vocab.TURKISH_GIVEN),), (rng.choice(vocab.TURKISH_FAMILY),)), person=True)
    given, family = vocab.PEOPLE[tradition]
    return Name(((rng.choice(given),), (rng.choice(family),)), person=True)


def _language(country: str) -> str:
    return country if country in ("TR", "DE", "ES", "FR", "IT") else "EN"


def company_name(rng: random.Random, country: str, word: str, city: str) -> Name:
    lang = _language(country)
    sector = vocab.SECTOR_WORDS[word][lang] if lang in vocab.SECTOR_WORDS[word] else vocab.SECTOR_WORDS[word]["EN"]
    forms = vocab.LEGAL_FORMS.get(country, (("Ltd",),))
    legal = rng.choice(forms)
    roll = rng.random()
    if word == "university":
        return Name(((city,), (sector,)))
    if roll < 0.4:  # a founder's family name
        tradition = "AR" if country in vocab.ARABIC_COUNTRIES else ("TR" if country == "TR" else country)
        family = person_name(rng, tradition if tradition in vocab.PEOPLE or tradition in ("AR", "TR") else "GB").parts[-1]
        head: tuple[tuple[str, ...], ...] = (family,)
    elif roll < 0.55:
        head = ((city,),)
    else:
        pool = vocab.BRAND_WORDS["AR" if country in vocab.ARABIC_COUNTRIES else ("TR" if country == "TR" else "EN")]
        head = ((rng.choice(pool),),)
        if rng.random() < 0.3:
            head = (*head, (rng.choice(vocab.BRAND_WORDS["EN"]),))
    return Name((*head, (sector,)), legal)
