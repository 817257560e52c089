"""The party book: every company and person of a world, their relations, true entities and labels.

Parties are held by index while the world is built; ids are handed out only at the end, in a
shuffled order, so an id says nothing about a party's role or when it was made.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from normality import ascii_text

from redtrace.synth import vocab
from redtrace.synth.naming import Name

# Fields a record may leave empty without the party becoming unusable.
OPTIONAL = ("address", "postal_code", "region", "lat", "lon", "registration_id", "incorporated_on", "birth_date",
            "activity_code", "activity", "employees", "phone", "email", "website")


@dataclass
class Relation:
    source: int
    target: int
    kind: str
    share: float | None = None
    start: date | None = None


@dataclass
class PartyBook:
    rows: list[dict] = field(default_factory=list)
    names: list[Name | None] = field(default_factory=list)  # the Name behind each row, when generated
    cluster: list[int] = field(default_factory=list)  # true entity of each row
    typology: list[str | None] = field(default_factory=list)  # None = legit
    relations: list[Relation] = field(default_factory=list)
    n_clusters: int = 0

    def add(self, row: dict, name: Name | None = None, cluster: int | None = None) -> int:
        if cluster is None:
            cluster = self.n_clusters
            self.n_clusters += 1
        self.rows.append(row)
        self.names.append(name)
        self.cluster.append(cluster)
        self.typology.append(None)
        return len(self.rows) - 1

    def relate(self, source: int, target: int, kind: str, share: float | None = None, start: date | None = None) -> None:
        self.relations.append(Relation(source, target, kind, share, start))

    def mark(self, idx: int, typology: str) -> None:
        """Label a party illicit; the first scheme it is caught in stays its main one."""
        for i in self.same_entity(idx):
            if self.typology[i] is None:
                self.typology[i] = typology

    def same_entity(self, idx: int) -> list[int]:
        return self._members.get(self.cluster[idx], [idx])

    def duplicate(self, idx: int, rng: random.Random, missing_rate: float) -> int:
        """Another record of the same entity: a variant name, reformatted contacts, some fields lost."""
        row = dict(self.rows[idx])
        name = self.names[idx]
        original = row["name"]
        for _ in range(5):  # another record of the same entity, spelled differently from this one
            row["name"] = name.variant(rng) if name else original.upper()
            if row["name"] != original:
                break
        else:
            row["name"] = original.upper() if original != original.upper() else original.title()
        row["aliases"] = ""
        if row.get("phone") and rng.random() < 0.5:
            row["phone"] = reformat_phone(row["phone"])
        if row.get("address") and rng.random() < 0.5:
            row["address"] = ascii_text(row["address"]) if rng.random() < 0.5 else row["address"].upper()
        for key in OPTIONAL:
            if rng.random() < max(missing_rate * 3, 0.2):
                row[key] = None
        new = self.add(row, name, self.cluster[idx])
        self._members.setdefault(self.cluster[idx], [idx]).append(new)
        return new

    def __post_init__(self) -> None:
        self._members: dict[int, list[int]] = {}


def reformat_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return "00" + digits if phone.startswith("+") else "+" + digits


class Contacts:
    """Addresses, phones, e-mails, websites and registry numbers in each country's habits."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._serial = rng.randrange(10_000, 90_000)
        self._domains: set[str] = set()

    def city(self, country: str, only: tuple[str, ...] = ()) -> tuple[str, str, float, float, float]:
        cities = [c for c in vocab.CITIES[country] if not only or c[1] in only] or list(vocab.CITIES[country])
        return self.rng.choices(cities, weights=[c[4] for c in cities])[0]

    def address(self, country: str) -> str:
        r = self.rng
        street = r.choice(vocab.STREETS.get(country, vocab.STREETS["EN"]))
        if country == "TR":
            return f"{street} No:{r.randint(1, 180)}" + (f" D:{r.randint(1, 20)}" if r.random() < 0.5 else "")
        if country in ("DE", "ES", "FR", "IT", "DK", "NL", "PL"):
            return f"{street} {r.randint(1, 220)}"
        return f"{r.randint(1, 400)} {street}"

    def postal_code(self, country: str) -> str:
        r = self.rng
        if country == "GB":
            return f"{r.choice('BCEGLMNSW')}{r.randint(1, 29)} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        if country in ("US", "TR", "DE", "ES", "FR", "IT"):
            return f"{r.randint(1000, 99999):05d}"
        if country == "NL":
            return f"{r.randint(1000, 9999)} {r.choice('ABCDEFGHJK')}{r.choice('ABCDEFGHJK')}"
        if country == "PL":
            return f"{r.randint(10, 99)}-{r.randint(100, 999)}"
        return f"{r.randint(1000, 9999)}" if country in ("DK", "JP", "KR", "IN", "CN") else ""

    def phone(self, country: str) -> str:
        prefix = vocab.PHONE_PREFIX.get(country, "+1")
        r = self.rng
        return f"{prefix} {r.randint(20, 999)} {r.randint(100, 999)} {r.randint(1000, 9999)}"

    def mobile(self, country: str) -> str:
        prefix = vocab.PHONE_PREFIX.get(country, "+1")
        return f"{prefix} 5{self.rng.randint(10, 59)} {self.rng.randint(100, 999)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)}"

    def registration_id(self, country: str) -> str:
        r = self.rng
        if country == "GB":
            return f"{r.randint(1_000_000, 12_999_999):08d}"
        if country == "TR":
            return f"{r.randint(0, 9_999_999_999_999_999):016d}"
        if country == "DE":
            return f"HRB {r.randint(1000, 250_000)}"
        if country == "ES":
            return f"B{r.randint(10_000_000, 99_999_999)}"
        if country == "DK":
            return f"{r.randint(10_000_000, 45_000_000)}"
        return f"{country}-{r.randint(100_000, 9_999_999)}"

    def slug(self, name: str) -> str:
        words = [w for w in re.split(r"[^a-z0-9]+", ascii_text(name).lower()) if w]
        return "".join(words[:2]) or "company"

    def website(self, name: str, country: str) -> str:
        # A domain belongs to one company: a namesake elsewhere registers another spelling, as
        # it would in life, or the two would share a website and e-mail address.
        slug, tld = self.slug(name), vocab.TLD.get(country, "com")
        domain, n = f"{slug}.{tld}", 1
        while domain in self._domains:
            n += 1
            domain = f"{slug}{n}.{tld}"
        self._domains.add(domain)
        return f"www.{domain}"

    def webmail(self, name: str) -> str:
        # The whole serial, not its last digits: a mailbox is one company's.
        self._serial += 1
        return f"{self.slug(name)}{self._serial}@{self.rng.choice(vocab.WEBMAIL)}"


def company_row(contacts: Contacts, name: Name, country: str, city: tuple, nace: str, activity: str, employees: int,
                incorporated: date, website: bool, missing_rate: float) -> dict:
    rng = contacts.rng
    text = name.canonical() if rng.random() < 0.7 else name.variant(rng, 0)
    site = contacts.website(text, country) if website else None
    domain = site.removeprefix("www.") if site else None
    row = {
        "kind": "company", "name": text, "aliases": "", "country": country,
        "address": contacts.address(country), "city": city[0], "region": city[1],
        "postal_code": contacts.postal_code(country),
        "lat": round(city[2] + rng.uniform(-0.05, 0.05), 5), "lon": round(city[3] + rng.uniform(-0.05, 0.05), 5),
        "registration_id": contacts.registration_id(country), "incorporated_on": incorporated, "birth_date": None,
        "activity_code": nace, "activity": activity, "employees": employees, "phone": contacts.phone(country),
        "email": f"{rng.choice(('info', 'sales', 'office', 'contact'))}@{domain}" if domain else contacts.webmail(text),
        "website": site,
    }
    blank(rng, row, missing_rate)
    return row


def person_row(contacts: Contacts, name: Name, country: str, birth: date | None, missing_rate: float) -> dict:
    rng = contacts.rng
    city = contacts.city(country) if country in vocab.CITIES else None
    row = {
        "kind": "person", "name": name.canonical() if rng.random() < 0.6 else name.variant(rng, 0), "aliases": "",
        "country": country, "address": None, "city": city[0] if city and rng.random() < 0.6 else None,
        "region": None, "postal_code": None, "lat": None, "lon": None, "registration_id": None,
        "incorporated_on": None, "birth_date": birth, "activity_code": None, "activity": None, "employees": None,
        "phone": contacts.mobile(country) if rng.random() < 0.3 else None, "email": None, "website": None,
    }
    blank(rng, row, missing_rate)
    return row


def blank(rng: random.Random, row: dict, rate: float) -> None:
    for key in OPTIONAL:
        if row.get(key) is not None and rng.random() < rate:
            row[key] = None


def random_birth(rng: random.Random, around: date) -> date:
    return around - timedelta(days=rng.randint(24 * 365, 68 * 365))
