"""Illicit procurement networks planted in the economy, after the schemes of the seed reports.

Each network has a main scheme (its typology) and, with `secondary_signal_rate`, some signals of
the others. Signals are applied per order with a probability, so not every illicit order shows
every signal of its network, and every signal also occurs in the legitimate economy.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from redtrace.synth import catalogue as cat
from redtrace.synth import vocab
from redtrace.synth.config import TYPOLOGIES
from redtrace.synth.economy import EPOCH, Economy, EconomyBuilder, days
from redtrace.synth.naming import Name, person_name
from redtrace.synth.parties import Relation

SHOP_SECTORS = ("47.42", "10.71", "47.71", "47.52", "47.76")
COVER_ACTIVITIES = {  # what a network company says it does, by what it buys
    "precursor": (("46.75", "chemicals", "wholesale of chemical products"), ("46.90", "trading", "general trading"),
                  ("20.30", "coatings", "paint production")),
    "drone": (("46.52", "electronics", "electronics wholesale"), ("46.90", "trading", "import and export"),
              ("74.20", "photo", "aerial photography"), ("70.22", "consulting", "aviation consultancy")),
}
PAYER_KINDS = (("77.11", "motors", "luxury car hire"), ("66.12", "exchange", "currency exchange office"),
               ("47.77", "jewellery", "jewellery retail"), ("68.31", "trading", "real estate agency"))
PLAUSIBLE_END_USE = {
    "precursor": ("paint production", "agricultural use", "mining operations", "food production", "cleaning products",
                  "industrial use", "resale to farmers"),
    "drone": ("aerial photography", "research and development", "model aircraft", "university project",
              "agricultural spraying drones", "spare parts", "resale"),
}


@dataclass
class IllicitOrder:
    day: int
    seller: int  # seller number
    buyer: int  # party index
    ship: int  # party index whose address the goods go to
    consignee: int  # party index or -1
    payer: int  # party index or -1
    payment: str
    currency: str
    end_use: str | None
    end_user: str | None
    forwarder: str | None
    incoterm: str
    lines: list[tuple[int, float]]  # (good index, quantity in the good's unit)
    typology: str


@dataclass
class WatchEntry:
    """A watchlist entry for a network party: the listed name, while the dataset holds variants."""

    name: Name
    kind: str
    country: str
    birth_date: date | None
    party: int


@dataclass
class Network:
    number: int
    typology: str
    signals: set[str]
    theme: str
    members: dict[int, str] = field(default_factory=dict)  # party index -> role
    orders: list[IllicitOrder] = field(default_factory=list)
    watch: list[WatchEntry] = field(default_factory=list)


class Planter:
    def __init__(self, builder: EconomyBuilder, eco: Economy) -> None:
        self.b = builder
        self.eco = eco
        self.rng = builder.rng
        self.nprng = builder.nprng
        self.cfg = builder.cfg
        self.used_shops: set[int] = set()
        rows = builder.book.rows
        self.shops = [(int(p), rows[p]["country"]) for p, s in zip(eco.buyer_party, eco.buyer_sector)
                      if cat.SECTORS[s].nace in SHOP_SECTORS]
        self.border = [int(p) for p in eco.buyer_party if rows[p]["region"] in vocab.BORDER_PROVINCES_TR]

    # ---- parts of a network ---------------------------------------------------------------
    def controller(self, net: Network, country: str, listed: bool) -> int:
        tradition = "AR" if self.rng.random() < 0.7 else "TR"
        name = person_name(self.rng, tradition)
        birth = date(1960, 1, 1) + timedelta(days=self.rng.randint(0, 30 * 365))
        p = self.b.person(country, name=name)
        row = self.b.book.rows[p]
        if listed:
            # The dataset never carries the listed spelling as is.
            row["name"] = name.variant(self.rng, self.rng.randint(1, 2))
            row["birth_date"] = birth if self.rng.random() < 0.6 else None
            net.watch.append(WatchEntry(name, "person", self.rng.choice((country, "SY", "IQ")), birth, p))
        net.members[p] = "controller"
        return p

    def company(self, net: Network, country: str, first_order: date, new: bool, cover: tuple[str, str, str]) -> int:
        nace, word, activity = cover
        if new:
            inc = first_order - timedelta(days=self.rng.randint(14, 150))
            employees = self.rng.randint(0, 3)
        else:
            inc = first_order - timedelta(days=self.rng.randint(400, 15 * 365))
            employees = self.rng.randint(2, 40)
        city = self.b.contacts.city(country)
        p = self.b.company(country, word, nace, activity, employees, inc, city, website=not new and self.rng.random() < 0.5)
        if new:
            agents = [a for a in self.eco.agents if a.country == country]
            if agents:
                self.b.at_agent(p, self.rng.choice(agents))
            else:
                self.b.book.rows[p].update(website=None, email=self.b.contacts.webmail(self.b.book.rows[p]["name"]))
        net.members[p] = "company"
        return p

    def shop(self, net: Network, country: str, first_order: date) -> int:
        """A real retail shop of the economy if one fits, else a new one: it will buy tonnes of precursors."""
        shops = [p for p, where in self.shops if where == country and p not in self.used_shops]
        if shops and self.rng.random() < 0.7:
            p = self.rng.choice(shops)
            self.used_shops.add(p)
        else:
            sector = cat.SECTORS[cat.SECTOR_INDEX[self.rng.choice(SHOP_SECTORS)]]
            city = self.b.contacts.city(country)
            inc = first_order - timedelta(days=self.rng.randint(300, 12 * 365))
            p = self.b.company(country, sector.word, sector.nace, self.rng.choice(sector.activities), self.rng.randint(1, 6), inc, city)
            self.b.staff(p, country, inc)
            self.used_shops.add(p)
        for officer in self.b.officers.get(p, []):
            net.members.setdefault(officer, "officer")
        net.members[p] = "company"
        return p

    def consignee(self, net: Network) -> int:
        """A shop or trader in a Turkish province on the Syrian border that receives the goods."""
        local = [p for p in self.border if p not in self.used_shops]
        if local and self.rng.random() < 0.4:
            p = self.rng.choice(local)
            self.used_shops.add(p)
        else:
            city = self.b.contacts.city("TR", vocab.BORDER_PROVINCES_TR)
            kind = self.rng.choice((("47.42", "telecom", "mobile phone shop"), ("46.90", "trading", "general trading"),
                                    ("49.41", "logistics", "freight transport")))
            inc = self.cfg.start - timedelta(days=self.rng.randint(100, 3000))
            p = self.b.company("TR", kind[1], kind[0], kind[2], self.rng.randint(1, 8), inc, city)
            self.b.staff(p, "TR", inc)
        net.members[p] = "consignee"
        return p

    def payer(self, net: Network) -> int:
        nace, word, activity = self.rng.choice(PAYER_KINDS)
        city = self.b.contacts.city("TR", ("İstanbul", "Gaziantep", "Şanlıurfa"))
        inc = self.cfg.start - timedelta(days=self.rng.randint(100, 5000))
        p = self.b.company("TR", word, nace, activity, self.rng.randint(2, 30), inc, city)
        self.b.staff(p, "TR", inc)
        net.members[p] = "payer"
        return p

    # ---- one network ----------------------------------------------------------------------
    def plant(self, number: int, typology: str, n_orders: int) -> Network:
        rng = self.rng
        extras = {t for t in TYPOLOGIES if t != typology and rng.random() < self.cfg.secondary_signal_rate}
        signals = {typology} | extras
        theme = {"business_mismatch": "precursor", "transshipment": "drone"}.get(typology, rng.choice(("precursor", "drone", "drone")))
        net = Network(number, typology, signals, theme)
        lo, hi = days(self.cfg.illicit_start), days(self.cfg.illicit_end)
        start = rng.randint(lo, max(lo, hi - 120))
        end = min(hi, start + rng.randint(90, 900))
        first = EPOCH + timedelta(days=start)

        home = {"business_mismatch": ("TR", "TR", "TR", "GB", "ES"), "front_company": ("GB", "GB", "TR", "AE"),
                "transshipment": ("GB", "ES", "DE", "DK", "NL"), "structuring": ("TR", "GB", "AE"),
                "third_party_payment": ("TR", "TR", "AE"), "watchlist_link": ("TR", "GB", "AE", "JO", "LB")}[typology]
        country = rng.choice(home)
        boss = self.controller(net, country, "watchlist_link" in signals)
        bosses = [boss]
        if rng.random() < 0.35:  # the same man under another spelling on another company's papers
            bosses.append(self.b.book.duplicate(boss, rng, self.cfg.missing_rate))
            net.members[bosses[-1]] = "controller"
        new = "front_company" in signals
        covers = COVER_ACTIVITIES[theme]
        if typology == "business_mismatch":
            companies = [self.shop(net, country, first)]
        else:
            count = rng.randint(3, 6) if typology == "structuring" else rng.randint(1, 3)
            cover = rng.choice(covers)
            if "business_mismatch" in signals:
                shop = cat.SECTORS[cat.SECTOR_INDEX[rng.choice(SHOP_SECTORS)]]
                cover = (shop.nace, shop.word, shop.activities[0])
            companies = [self.company(net, country, first - timedelta(days=rng.randint(0, 60)), new, cover) for _ in range(count)]
        filed_from = len(self.b.book.relations)
        self.staff(net, companies, bosses, country, new)
        self.file_twins(bosses, self.b.book.relations[filed_from:])
        if "watchlist_link" in signals and rng.random() < 0.4:
            c = companies[0]
            name = self.b.book.names[c]
            if name is not None:
                self.b.book.rows[c]["name"] = name.variant(rng, 1)
                net.watch.append(WatchEntry(name, "company", country, None, c))
        ids = {c: [c] + [self.b.book.duplicate(c, rng, self.cfg.missing_rate)
                         for _ in range(rng.random() < self.cfg.duplicate_rate * 2)] for c in companies}
        consignees = [self.consignee(net) for _ in range(1 + (rng.random() < 0.3))] if "transshipment" in signals else []
        payers = [self.payer(net) for _ in range(1 + (rng.random() < 0.3))] if "third_party_payment" in signals else []

        goods = self.shopping_list(theme)
        sellers_per = 6 if "structuring" in signals else 2
        sellers = {g: [self.seller_for(g) for _ in range(sellers_per)] for g in goods}
        if "structuring" in signals:
            n_orders = int(n_orders * 1.5)
        for _ in range(max(3, n_orders)):
            buyer = rng.choice(companies)
            inc = self.b.book.rows[buyer]["incorporated_on"]
            day_lo = max(start, days(inc) + 7) if inc else start
            net.orders.append(self.order(net, rng.randint(day_lo, max(day_lo, end)), rng.choice(ids[buyer]), goods,
                                         sellers, consignees, payers))
        for party in net.members:
            self.b.book.mark(party, typology)
        return net

    def staff(self, net: Network, companies: list[int], bosses: list[int], country: str, new: bool) -> None:
        """The controller runs the companies, in the open or behind a nominee; linked companies share contacts."""
        rng = self.rng
        nominee = None
        if new:
            agents = [a for a in self.eco.agents if a.country == country]
            if agents and rng.random() < 0.5:
                nominee = rng.choice(rng.choice(agents).nominees)  # a professional director, unaware
            else:
                nominee = self.b.person(country)
                net.members[nominee] = "nominee"
                for _ in range(rng.randint(3, 10)):  # dormant shells that make the nominee look busy
                    inc = self.cfg.start + timedelta(days=rng.randint(0, 1500))
                    shell = self.b.company(country, rng.choice(("trading", "consulting")), "82.99", "business support services",
                                           0, inc, website=False)
                    self.b.book.relate(nominee, shell, "director", start=inc)
        shared_phone = self.b.book.rows[companies[0]]["phone"]
        shared_address = {k: self.b.book.rows[companies[0]][k] for k in ("address", "city", "region", "postal_code")}
        for i, c in enumerate(companies):
            boss = bosses[i % len(bosses)]
            if c in self.used_shops:  # a real shop: the owner is in it, the controller joins as shareholder
                self.b.book.relate(boss, c, "shareholder", share=round(rng.uniform(0.2, 0.6), 2))
                continue
            inc = self.b.book.rows[c]["incorporated_on"]
            if nominee is not None:
                self.b.book.relate(nominee, c, "director", start=inc)
                if rng.random() < 0.5:  # the real owner is often not on record at all
                    self.b.book.relate(boss, c, "owner", share=1.0, start=inc)
            elif i == 0 or rng.random() < 0.6:
                self.b.book.relate(boss, c, "director", start=inc)
                self.b.book.relate(boss, c, "owner", share=1.0, start=inc)
            else:
                straw = self.b.person(country)
                net.members[straw] = "officer"
                self.b.book.relate(straw, c, "director", start=inc)
                self.b.book.relate(boss, c, "associate")
            if i and rng.random() < 0.5:
                self.b.book.rows[c]["phone"] = shared_phone
            if i and rng.random() < 0.4:
                self.b.book.rows[c].update(shared_address)

    def file_twins(self, bosses: list[int], filed: list[Relation]) -> None:
        """A spelling of the controller that no company's papers took (one company, or nominees on
        all of them) is on the papers the controller is on: a record comes from a document."""
        named = {r.source for r in filed}
        mine = [r for r in filed if r.source == bosses[0]]
        for twin in bosses[1:]:
            if twin not in named and mine:
                self.b.book.relations.append(replace(mine[0], source=twin))

    def shopping_list(self, theme: str) -> list[int]:
        pool = cat.PRECURSORS if theme == "precursor" else cat.DRONE_GOODS
        k = self.rng.randint(1, 4)
        return [cat.GOOD_INDEX[g] for g in self.rng.sample(pool, k)]

    def seller_for(self, good: int) -> int:
        category = cat.GOODS[good].category
        europe = ("ES", "DE", "DK", "GB", "TR", "NL", "FR", "IT", "PL")
        return self.eco.pick_seller(category, europe if category in ("chemicals", "agrochem") else ())

    def order(self, net: Network, day: int, buyer: int, goods: list[int], sellers: dict[int, list[int]],
              consignees: list[int], payers: list[int]) -> IllicitOrder:
        rng = self.rng
        main = net.typology
        good = rng.choice(goods)
        seller = rng.choice(sellers[good])
        same_seller = [g for g in goods if g != good and cat.GOODS[g].category == cat.GOODS[good].category]
        chosen = [good] + (rng.sample(same_seller, 1) if same_seller and rng.random() < 0.4 else [])
        scale = {"business_mismatch": 12.0, "structuring": 0.35}.get(main, 4.0)
        if "structuring" in net.signals and main != "structuring":
            scale *= 0.3
        lines = [(g, float(cat.GOODS[g].median_qty * scale * self.nprng.lognormal(0, 0.6))) for g in chosen]

        consignee, ship = -1, buyer
        if consignees and rng.random() < (0.85 if main == "transshipment" else 0.5):
            ship = rng.choice(consignees)
            consignee = ship if rng.random() < 0.8 else -1  # sometimes only the delivery address gives it away
        payer, payment = -1, rng.choices(("bank_transfer", "cash", "card", "letter_of_credit"), (0.75, 0.15, 0.05, 0.05))[0]
        if payers and rng.random() < (0.8 if main == "third_party_payment" else 0.4):
            payer = rng.choice(payers)
            payment = rng.choices(("cash", "third_party", "other", "bank_transfer"), (0.4, 0.3, 0.2, 0.1))[0]
        vague = 0.6 if main == "third_party_payment" else 0.35
        end_use = (rng.choice((*cat.VAGUE_END_USES, None, None)) if rng.random() < vague
                   else rng.choice(PLAUSIBLE_END_USE[net.theme]))
        seller_country = self.b.book.rows[self.eco.seller_party[seller]]["country"]
        ship_country = self.b.book.rows[ship]["country"]
        cross = seller_country != ship_country
        return IllicitOrder(
            day=day, seller=seller, buyer=buyer, ship=ship, consignee=consignee, payer=payer, payment=payment,
            currency=self.eco.seller_currency[seller] if rng.random() < 0.7 else rng.choice(("USD", "EUR")),
            end_use=end_use, end_user=None if rng.random() < 0.7 else self.b.book.rows[ship]["name"],
            forwarder=rng.choice(vocab.FORWARDERS) if cross and rng.random() < 0.6 else None,
            incoterm=rng.choice(cat.INCOTERMS_CROSS if cross else cat.INCOTERMS_HOME),
            lines=lines, typology=main,
        )


def plant_networks(builder: EconomyBuilder, eco: Economy) -> list[Network]:
    cfg = builder.cfg
    typologies = [t for t in TYPOLOGIES if cfg.typology_weights.get(t, 0) > 0]
    target = round(cfg.illicit_share * cfg.orders)
    if not typologies or target == 0:
        return []
    w = np.array([cfg.typology_weights[t] for t in typologies], dtype=float)
    if cfg.networks_per_typology is not None:
        per = np.full(len(typologies), cfg.networks_per_typology)
    else:
        total = max(len(typologies), round(target / cfg.orders_per_network))
        per = np.maximum(1, np.round(total * w / w.sum())).astype(int)
    kinds = [t for t, k in zip(typologies, per) for _ in range(k)]
    builder.rng.shuffle(kinds)
    sizes = np.maximum(3, np.round(target * builder.nprng.dirichlet(np.full(len(kinds), 3.0)))).astype(int)
    planter = Planter(builder, eco)
    return [planter.plant(i, t, int(n)) for i, (t, n) in enumerate(zip(kinds, sizes))]
