"""The legitimate economy: sellers, buyers, the people behind them, and how they usually trade.

Every signal an illicit network shows has ordinary look-alikes here: new companies, firms in the
Turkish border provinces, companies at formation agents' addresses served by professional
directors, parents paying for subsidiaries, goods shipped to subsidiaries and contract
manufacturers, and people whose names resemble watchlist entries.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from redtrace.synth import catalogue as cat
from redtrace.synth import vocab
from redtrace.synth.config import SynthConfig
from redtrace.synth.naming import Name, company_name, culture, person_name
from redtrace.synth.parties import Contacts, PartyBook, company_row, person_row, random_birth

EPOCH = date(1970, 1, 1)


def days(d: date) -> int:
    return (d - EPOCH).days


@dataclass
class Agent:
    """A company-formation agent: one address that hosts many companies, and its nominee directors."""

    country: str
    city: tuple
    address: str
    postal_code: str
    nominees: list[int] = field(default_factory=list)


@dataclass
class Decoy:
    """A watchlist entry with no tie to the world's networks."""

    name: Name
    kind: str
    country: str
    birth_date: date | None


@dataclass
class Economy:
    config: SynthConfig
    nprng: np.random.Generator
    book: PartyBook
    agents: list[Agent]
    decoys: list[Decoy]
    # sellers, by seller number
    seller_party: np.ndarray
    seller_cat: np.ndarray
    seller_weight: np.ndarray
    seller_hs_style: np.ndarray
    seller_tonnes: np.ndarray
    seller_trace: np.ndarray
    seller_currency: list[str]
    # buyers (one per true entity), by buyer number
    buyer_party: np.ndarray
    buyer_sector: np.ndarray
    buyer_employees: np.ndarray
    buyer_active_from: np.ndarray  # day number of the first possible order
    buyer_weight: np.ndarray
    buyer_fav: np.ndarray  # (n, 3) goods the buyer usually orders
    buyer_pref_seller: np.ndarray  # (n, categories) seller number it usually buys each category from
    buyer_payer: np.ndarray  # party that sometimes pays for it (its parent), or -1
    buyer_consignee: np.ndarray  # party it sometimes ships to (subsidiary, contract manufacturer), or -1
    buyer_alt_ids: list[list[int]]  # duplicate party rows of the buyer

    def sellers_of(self, category: str) -> np.ndarray:
        return np.flatnonzero(self.seller_cat == cat.CATEGORIES.index(category))

    def pick_seller(self, category: str, countries: tuple[str, ...] = ()) -> int:
        """A seller number of that category, preferring the given countries when there are any."""
        ids = self.sellers_of(category)
        if countries:
            local = [s for s in ids if self.book.rows[self.seller_party[s]]["country"] in countries]
            ids = np.array(local) if local else ids
        w = self.seller_weight[ids]
        return int(ids[self.nprng.choice(len(ids), p=w / w.sum())])


def perturbed(weights: dict[str, float], nprng: np.random.Generator, spread: float = 0.5) -> tuple[list[str], np.ndarray]:
    """The same mix with every weight scaled by a random factor, so each seed's world differs."""
    keys = list(weights)
    w = np.array([weights[k] for k in keys], dtype=float) * nprng.lognormal(0.0, spread, len(keys))
    return keys, w / w.sum()


def basket_matrix(sectors: tuple[cat.Sector, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per sector, the probability of each good and its quantity multiplier."""
    prob = np.zeros((len(sectors), len(cat.GOODS)))
    mult = np.ones((len(sectors), len(cat.GOODS)))
    for s, sector in enumerate(sectors):
        for key, weight, qty in sector.basket:
            prob[s, cat.GOOD_INDEX[key]] = weight
            mult[s, cat.GOOD_INDEX[key]] = qty
    return prob / prob.sum(axis=1, keepdims=True), mult


def sample_rows(cum: np.ndarray, rows: np.ndarray, nprng: np.random.Generator) -> np.ndarray:
    """One column index per entry of `rows`, drawn from the row's cumulative distribution."""
    u = nprng.random(len(rows))[:, None]
    return np.minimum((cum[rows] < u).sum(axis=1), cum.shape[1] - 1)


class EconomyBuilder:
    def __init__(self, config: SynthConfig, rng: random.Random, nprng: np.random.Generator) -> None:
        self.cfg = config
        self.rng = rng
        self.nprng = nprng
        self.book = PartyBook()
        self.contacts = Contacts(rng)
        self.officers: dict[int, list[int]] = {}

    # ---- people and companies -------------------------------------------------------------
    def person(self, country: str, tradition: str | None = None, name: Name | None = None) -> int:
        name = name or person_name(self.rng, tradition or culture(country, self.rng))
        birth = random_birth(self.rng, self.cfg.start) if self.rng.random() < 0.75 else None
        return self.book.add(person_row(self.contacts, name, country, birth, self.cfg.missing_rate), name)

    def company(self, country: str, word: str, nace: str, activity: str, employees: int, incorporated: date,
                city: tuple | None = None, website: bool | None = None) -> int:
        city = city or self.contacts.city(country)
        name = company_name(self.rng, country, word, city[0])
        if website is None:
            website = self.rng.random() < (0.9 if employees >= 20 else 0.45)
        row = company_row(self.contacts, name, country, city, nace, activity, employees, incorporated, website,
                          self.cfg.missing_rate)
        return self.book.add(row, name)

    def staff(self, company: int, country: str, when: date, people: list[int] | None = None) -> list[int]:
        """Give a company a director and an owner (often the same person)."""
        people = people or [self.person(country)]
        if len(people) == 1 and self.rng.random() < 0.3:
            people.append(self.person(country))
        self.book.relate(people[0], company, "director", start=when)
        owner = people[-1]
        rng = self.rng
        share = 1.0 if len(people) == 1 else round(rng.uniform(0.5, 1.0), 2)
        if rng.random() < 0.12:  # a minority shareholder
            partner = self.person(country)
            cut = round(rng.uniform(0.05, 0.45), 2)
            self.book.relate(partner, company, "shareholder", share=cut, start=when)
            share = round(max(0.05, share - cut), 2)
        self.book.relate(owner, company, "owner", share=share, start=when)
        if rng.random() < 0.06:  # family and associates show up in registries too
            self.book.relate(self.person(country), people[0], rng.choice(("family", "associate")))
        self.officers[company] = people
        return people

    def incorporation(self, new: bool) -> tuple[date, date]:
        """(incorporated_on, first possible order date)."""
        cfg = self.cfg
        if new:
            span = (cfg.end - cfg.start).days - 200
            inc = cfg.start + timedelta(days=self.rng.randrange(max(span, 1)))
            return inc, inc + timedelta(days=self.rng.randint(14, 180))
        return cfg.start - timedelta(days=self.rng.randint(200, 40 * 365)), cfg.start

    # ---- world parts ----------------------------------------------------------------------
    def agents(self) -> list[Agent]:
        out = []
        for country, n in (("GB", self.rng.randint(3, 6)), ("TR", self.rng.randint(2, 3)), ("AE", 1)):
            for _ in range(n):
                city = self.contacts.city(country, ("Greater London", "West Midlands", "İstanbul", "Dubai"))
                office = self.contacts.address(country)
                address = f"Suite {self.rng.randint(1, 40)}, {office}" if country != "TR" else f"{office} Kat:{self.rng.randint(2, 12)}"
                agent = Agent(country, city, address, self.contacts.postal_code(country))
                agent.nominees = [self.person(country) for _ in range(self.rng.randint(1, 2))]
                out.append(agent)
        return out

    def at_agent(self, company: int, agent: Agent) -> None:
        row = self.book.rows[company]
        row.update(address=agent.address, postal_code=agent.postal_code, city=agent.city[0], region=agent.city[1],
                   lat=round(agent.city[2], 5), lon=round(agent.city[3], 5), website=None)
        row["email"] = self.contacts.webmail(row["name"])

    def sellers(self) -> dict[str, np.ndarray]:
        cfg = self.cfg
        n = int(np.clip(cfg.orders / cfg.orders_per_seller, cfg.min_sellers, cfg.max_sellers))
        cats, share = perturbed({"chemicals": 22, "agrochem": 12, "electronics": 20, "aerospace": 8, "hobby": 13,
                                 "industrial": 15, "consumer": 10}, self.nprng, 0.3)
        counts = np.maximum(3, np.round(share * n)).astype(int)
        parties, kinds, currency = [], [], []
        for c, k in zip(cats, counts):
            word, where = cat.SELLER_KINDS[c]
            countries, w = perturbed(where, self.nprng)
            for country in self.nprng.choice(countries, size=k, p=w):
                manufacturer = self.rng.random() < 0.3
                activity = f"{'manufacture' if manufacturer else 'wholesale'} of {c} products"
                nace = {"chemicals": "46.75", "agrochem": "46.75", "electronics": "46.52", "aerospace": "46.69",
                        "hobby": "46.49", "industrial": "46.69", "consumer": "46.90"}[c]
                inc, _ = self.incorporation(False)
                p = self.company(str(country), word, nace, activity, int(self.nprng.lognormal(np.log(120), 1.0)) + 5, inc, website=True)
                self.staff(p, str(country), inc)
                parties.append(p)
                kinds.append(cat.CATEGORIES.index(c))
                currency.append(vocab.CURRENCY.get(str(country), "USD"))
        m = len(parties)
        return {
            "party": np.array(parties), "cat": np.array(kinds), "weight": self.nprng.lognormal(0, 1.0, m),
            "hs_style": self.nprng.integers(0, 4, m), "tonnes": self.nprng.random(m) < 0.4,
            "trace": self.nprng.random(m) < 0.88, "currency": currency,
        }

    def buyers(self, agents: list[Agent]) -> dict:
        cfg = self.cfg
        n = max(cfg.min_buyers, int(cfg.orders / cfg.orders_per_buyer))
        sector_w = {s.nace: cfg.sector_weights.get(s.nace, s.weight) for s in cat.SECTORS}
        naces, sw = perturbed(sector_w, self.nprng)
        countries, cw = perturbed(cat.BUYER_COUNTRIES, self.nprng)
        sectors = np.array([cat.SECTOR_INDEX[x] for x in self.nprng.choice(naces, size=n, p=sw)])
        where = self.nprng.choice(countries, size=n, p=cw)
        party, employees, active = [], [], []
        formation_agents = {a.country: [b for b in agents if b.country == a.country] for a in agents}
        for i in range(n):
            sector = cat.SECTORS[sectors[i]]
            country = str(where[i])
            size = max(1, int(self.nprng.lognormal(np.log(sector.employees), 0.9)))
            new = self.rng.random() < cfg.new_company_rate
            inc, first = self.incorporation(new)
            p = self.company(country, sector.word, sector.nace, self.rng.choice(sector.activities), size, inc)
            people = None
            if new and size < 20 and country in formation_agents and self.rng.random() < cfg.formation_agent_rate:
                agent = self.rng.choice(formation_agents[country])
                self.at_agent(p, agent)
                if self.rng.random() < 0.6:  # a professional director stands in; the owner is the real one
                    people = [self.rng.choice(agent.nominees), self.person(country)]
            self.staff(p, country, inc, people)
            party.append(p)
            employees.append(size)
            active.append(days(first))
        return {"party": np.array(party), "sector": sectors, "employees": np.array(employees), "active": np.array(active)}

    def groups(self, b: dict) -> tuple[np.ndarray, np.ndarray]:
        """Parents that pay for subsidiaries; subsidiaries and contract manufacturers that receive goods."""
        n = len(b["party"])
        payer = np.full(n, -1)
        consignee = np.full(n, -1)
        order = np.argsort(-b["employees"])
        parents = order[: max(2, n // 10)]
        for child in np.flatnonzero(self.nprng.random(n) < self.cfg.subsidiary_rate):
            parent = int(self.nprng.choice(parents))
            if parent == child:
                continue
            pp, cp = int(b["party"][parent]), int(b["party"][child])
            share = 1.0 if self.rng.random() < 0.7 else round(self.rng.uniform(0.51, 0.95), 2)
            self.book.relate(pp, cp, "owner", share=share)
            payer[child] = pp
            consignee[parent] = cp
        # Contract manufacturers: no relation, just a delivery address of another firm.
        makers = np.flatnonzero(np.isin(b["sector"], [cat.SECTOR_INDEX[x] for x in ("26.11", "20.30", "28.99", "10.89", "30.30")]))
        for buyer in np.flatnonzero(self.nprng.random(n) < 0.03):
            if consignee[buyer] < 0 and len(makers):
                other = int(self.nprng.choice(makers))
                if other != buyer:
                    consignee[buyer] = b["party"][other]
        return payer, consignee

    def duplicates(self, parties: np.ndarray) -> list[list[int]]:
        alt: list[list[int]] = [[] for _ in parties]
        for i in np.flatnonzero(self.nprng.random(len(parties)) < self.cfg.duplicate_rate):
            for _ in range(1 + (self.rng.random() < 0.3)):
                alt[i].append(self.book.duplicate(int(parties[i]), self.rng, self.cfg.missing_rate))
        return alt

    def duplicate_people(self) -> None:
        """People recorded twice: one of their appointments names the other record."""
        roles: dict[int, list[int]] = {}
        for k, rel in enumerate(self.book.relations):
            roles.setdefault(rel.source, []).append(k)
        people = [i for i, r in enumerate(self.book.rows) if r["kind"] == "person"]
        for i in people:
            if self.rng.random() < self.cfg.duplicate_rate:
                twin = self.book.duplicate(i, self.rng, self.cfg.missing_rate)
                mine = roles.get(i, [])
                if len(mine) > 1:
                    self.book.relations[self.rng.choice(mine[1:])].source = twin
                elif mine:
                    # A record comes from a document: with one appointment, a later filing of
                    # that appointment names the twin (a record nothing names is not data).
                    self.book.relations.append(replace(self.book.relations[mine[0]], source=twin))

    def bystanders(self, n_buyers: int) -> None:
        countries, w = perturbed(cat.BUYER_COUNTRIES, self.nprng)
        for country in self.nprng.choice(countries, size=max(10, n_buyers // 25), p=w):
            nace, word, activity = self.rng.choice(cat.BYSTANDERS)
            inc, _ = self.incorporation(self.rng.random() < self.cfg.new_company_rate)
            p = self.company(str(country), word, nace, activity, int(self.nprng.lognormal(np.log(8), 1.0)), inc)
            self.staff(p, str(country), inc)

    def decoys(self) -> list[Decoy]:
        out = []
        for _ in range(self.cfg.n_watchlist_decoys):
            roll = self.rng.random()
            country = self.rng.choice(("SY", "IQ", "TR", "JO", "LB", "SA", "EG", "AE", "GB", "DE", "FR"))
            if roll < 0.75:
                tradition = "TR" if country == "TR" and self.rng.random() < 0.5 else ("AR" if country not in ("GB", "DE", "FR") or self.rng.random() < 0.7 else country)
                out.append(Decoy(person_name(self.rng, tradition), "person", country, random_birth(self.rng, self.cfg.start) if self.rng.random() < 0.8 else None))
            else:
                city = self.contacts.city(country) if country in vocab.CITIES else ("Raqqa", "", 0, 0, 1)
                word = self.rng.choice(("trading", "chemicals", "electronics", "logistics", "exchange", "consulting"))
                out.append(Decoy(company_name(self.rng, country, word, city[0]), "company", country, None))
        return out

    def lookalikes(self, decoys: list[Decoy]) -> None:
        """Legit people named like watchlist entries (another birth date, another life)."""
        persons = [i for i, r in enumerate(self.book.rows) if r["kind"] == "person"]
        people = [d for d in decoys if d.kind == "person"]
        for _ in range(min(len(persons) // 20, max(3, len(people) // 6))):
            decoy = self.rng.choice(people)
            idx = self.rng.choice(persons)
            self.book.rows[idx]["name"] = decoy.name.variant(self.rng, 0) if self.rng.random() < 0.6 else decoy.name.canonical()
            self.book.names[idx] = decoy.name
            if decoy.birth_date and self.book.rows[idx]["birth_date"]:
                self.book.rows[idx]["birth_date"] = decoy.birth_date + timedelta(days=self.rng.randint(400, 9000))

    def build(self) -> Economy:
        nprng = self.nprng
        agents = self.agents()
        s = self.sellers()
        b = self.buyers(agents)
        payer, consignee = self.groups(b)
        alt = self.duplicates(b["party"])
        # Professional directors of agents also sit on dormant shells that never order.
        for agent in agents:
            for _ in range(self.rng.randint(3, 12)):
                inc, _ = self.incorporation(self.rng.random() < 0.5)
                p = self.company(agent.country, self.rng.choice(("trading", "consulting", "logistics")), "82.99",
                                 "business support services", self.rng.randint(0, 3), inc, agent.city, website=False)
                self.at_agent(p, agent)
                self.staff(p, agent.country, inc, [self.rng.choice(agent.nominees), self.person(agent.country)])
        self.bystanders(len(b["party"]))
        decoys = self.decoys()
        self.lookalikes(decoys)
        self.duplicate_people()  # after renaming look-alikes, so twins carry the same person's name

        prob, _ = basket_matrix(cat.SECTORS)
        fav = sample_rows(np.cumsum(prob, axis=1), np.repeat(b["sector"], 3), nprng).reshape(-1, 3)
        pref = self._preferred_sellers(s, b)
        weight = b["employees"].astype(float) ** 0.6 * nprng.lognormal(0, 0.5, len(b["party"]))
        return Economy(
            config=self.cfg, nprng=nprng, book=self.book, agents=agents, decoys=decoys,
            seller_party=s["party"], seller_cat=s["cat"], seller_weight=s["weight"], seller_hs_style=s["hs_style"],
            seller_tonnes=s["tonnes"], seller_trace=s["trace"], seller_currency=s["currency"],
            buyer_party=b["party"], buyer_sector=b["sector"], buyer_employees=b["employees"], buyer_active_from=b["active"],
            buyer_weight=weight, buyer_fav=fav, buyer_pref_seller=pref, buyer_payer=payer, buyer_consignee=consignee,
            buyer_alt_ids=alt,
        )

    def _preferred_sellers(self, s: dict, b: dict) -> np.ndarray:
        """Each buyer's usual seller per category, favouring sellers in its own country."""
        rows = self.book.rows
        seller_country = np.array([rows[p]["country"] for p in s["party"]])
        buyer_country = np.array([rows[p]["country"] for p in b["party"]])
        pref = np.zeros((len(b["party"]), len(cat.CATEGORIES)), dtype=np.int64)
        for k in range(len(cat.CATEGORIES)):
            ids = np.flatnonzero(s["cat"] == k)
            for country in np.unique(buyer_country):
                who = np.flatnonzero(buyer_country == country)
                w = s["weight"][ids] * np.where(seller_country[ids] == country, 6.0, 1.0)
                pref[who, k] = ids[self.nprng.choice(len(ids), size=len(who), p=w / w.sum())]
        return pref
