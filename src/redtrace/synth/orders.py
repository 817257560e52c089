"""Orders and order lines, generated a chunk of dates at a time with numpy.

A chunk is built as a Batch of numbers (party indexes, goods, quantities) from the legitimate
economy and from the planted networks, merged in date order, and only then turned into the
contract's text columns, so illicit orders sit among legitimate ones with nothing to tell them
apart but what they are.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from redtrace.synth import catalogue as cat
from redtrace.synth import vocab
from redtrace.synth.economy import Economy, basket_matrix, sample_rows
from redtrace.synth.marking import Marker
from redtrace.synth.networks import IllicitOrder

PAYMENTS = ("bank_transfer", "letter_of_credit", "card", "cash", "third_party", "crypto", "other")


OPTIONAL_ORDER_COLUMNS = ("ship_to_address", "ship_to_region", "payment_method", "currency", "incoterm")
OPTIONAL_LINE_COLUMNS = ("description", "sku", "unit_price")


@dataclass
class Batch:
    day: np.ndarray
    seller: np.ndarray  # seller number
    buyer: np.ndarray  # party index
    ship: np.ndarray
    consignee: np.ndarray  # -1 = none
    payer: np.ndarray
    payment: np.ndarray  # object arrays of text (None = empty)
    currency: np.ndarray
    end_use: np.ndarray
    end_user: np.ndarray
    forwarder: np.ndarray
    incoterm: np.ndarray
    typology: np.ndarray  # None = legit
    line_order: np.ndarray  # order of each line, as an index into this batch
    line_good: np.ndarray
    line_qty: np.ndarray  # in the good's catalogue unit

    def __len__(self) -> int:
        return len(self.day)

    @staticmethod
    def concat(a: Batch, b: Batch) -> Batch:
        parts = {f.name: np.concatenate([getattr(a, f.name), getattr(b, f.name)]) for f in fields(Batch)}
        parts["line_order"][len(a.line_order):] += len(a)
        return Batch(**parts)

    def in_date_order(self, nprng: np.random.Generator) -> Batch:
        """Orders by date (ties in random order, so position says nothing); lines follow their orders."""
        pos = np.lexsort((nprng.random(len(self)), self.day))
        rank = np.empty_like(pos)
        rank[pos] = np.arange(len(pos))
        lines = np.lexsort((np.arange(len(self.line_order)), rank[self.line_order]))
        parts = {f.name: getattr(self, f.name)[pos] for f in fields(Batch) if not f.name.startswith("line_")}
        return Batch(**parts, line_order=rank[self.line_order][lines], line_good=self.line_good[lines],
                     line_qty=self.line_qty[lines])


def illicit_batch(orders: list[IllicitOrder]) -> Batch:
    ints = {k: np.array([getattr(o, k) for o in orders], dtype=np.int64)
            for k in ("day", "seller", "buyer", "ship", "consignee", "payer")}
    texts = {k: np.array([getattr(o, k) for o in orders] or [], dtype=object)
             for k in ("payment", "currency", "end_use", "end_user", "forwarder", "incoterm", "typology")}
    line_order = np.array([i for i, o in enumerate(orders) for _ in o.lines], dtype=np.int64)
    line_good = np.array([g for o in orders for g, _ in o.lines], dtype=np.int64)
    line_qty = np.array([q for o in orders for _, q in o.lines], dtype=float)
    return Batch(**ints, **texts, line_order=line_order, line_good=line_good, line_qty=line_qty)


class LegitOrders:
    """Draws the legitimate economy's orders for a window of dates."""

    def __init__(self, eco: Economy) -> None:
        self.eco = eco
        self.cfg = eco.config
        self.rng = eco.nprng
        prob, self.mult = basket_matrix(cat.SECTORS)
        self.basket_cum = np.cumsum(prob, axis=1)
        good_cat = np.array([cat.CATEGORIES.index(g.category) for g in cat.GOODS])
        self.good_cat = good_cat
        ncat = len(cat.CATEGORIES)
        # Probability of each good given the sector and the seller's category (for an order's further lines).
        cond = prob[:, None, :] * (good_cat[None, None, :] == np.arange(ncat)[None, :, None])
        total = cond.sum(axis=2, keepdims=True)
        self.cond_cum = np.cumsum(np.divide(cond, total, out=np.zeros_like(cond), where=total > 0), axis=2).reshape(-1, len(cat.GOODS))
        self.cond_ok = (total[..., 0] > 0).reshape(-1)
        self.median = np.array([g.median_qty for g in cat.GOODS])
        self.sigma = np.array([g.sigma for g in cat.GOODS])
        self.lines_mean = np.array([s.lines for s in cat.SECTORS])
        self.cat_sellers = [np.flatnonzero(eco.seller_cat == k) for k in range(ncat)]
        pay = np.zeros((len(cat.SECTORS), len(PAYMENTS)))
        for s, sector in enumerate(cat.SECTORS):
            pay[s] = (0.74 - sector.cash, 0.06, 0.12, sector.cash, 0.0, 0.001, 0.02)
        self.pay_cum = np.cumsum(pay / pay.sum(axis=1, keepdims=True), axis=1)
        width = max(len(s.end_uses) for s in cat.SECTORS)
        self.end_uses = np.array([list(s.end_uses) + [None] * (width - len(s.end_uses)) for s in cat.SECTORS], dtype=object)
        self.end_use_n = np.array([len(s.end_uses) for s in cat.SECTORS])
        alt = np.full((len(eco.buyer_party), 2), -1)
        for i, ids in enumerate(eco.buyer_alt_ids):
            alt[i, : len(ids)] = ids[:2]
        self.alt = alt
        rows = eco.book.rows
        self.party_country = np.array([r["country"] for r in rows], dtype=object)
        self.party_name = np.array([r["name"] for r in rows], dtype=object)
        self.seller_country = self.party_country[eco.seller_party]
        self.seller_currency = np.array(eco.seller_currency, dtype=object)

    def batch(self, n: int, lo: int, hi: int) -> Batch:
        eco, rng = self.eco, self.rng
        active = np.clip((hi + 1 - np.maximum(lo, eco.buyer_active_from)) / (hi + 1 - lo), 0, 1)
        w = eco.buyer_weight * active
        b = rng.choice(len(w), size=n, p=w / w.sum())
        start = np.maximum(lo, eco.buyer_active_from[b])
        day = start + (rng.random(n) * (hi + 1 - start)).astype(np.int64)
        sector = eco.buyer_sector[b]
        good = sample_rows(self.basket_cum, sector, rng)
        usual = rng.random(n) < self.cfg.repeat_rate
        good[usual] = eco.buyer_fav[b[usual], rng.integers(0, 3, usual.sum())]
        k = self.good_cat[good]
        seller = eco.buyer_pref_seller[b, k]
        other = rng.random(n) < 0.25
        for c, ids in enumerate(self.cat_sellers):
            pick = np.flatnonzero(other & (k == c))
            if len(pick):
                sw = eco.seller_weight[ids]
                seller[pick] = ids[rng.choice(len(ids), size=len(pick), p=sw / sw.sum())]

        extra = np.minimum(rng.poisson(self.lines_mean[sector]), 7)
        line_order = np.r_[np.arange(n), np.repeat(np.arange(n), extra)]
        more = np.repeat(np.arange(n), extra)
        row = sector[more] * len(cat.CATEGORIES) + k[more]
        more_goods = np.where(self.cond_ok[row], sample_rows(self.cond_cum, row, rng), good[more])
        line_good = np.r_[good, more_goods]
        emp = eco.buyer_employees[b][line_order]
        qty = (self.median[line_good] * self.mult[sector[line_order], line_good] * (emp / cat.REFERENCE_EMPLOYEES) ** 0.35
               * rng.lognormal(0, self.sigma[line_good]))
        line_sort = np.argsort(line_order, kind="stable")

        party = eco.buyer_party[b].copy()
        use_alt = (self.alt[b, 0] >= 0) & (rng.random(n) < self.cfg.duplicate_use)
        second = use_alt & (self.alt[b, 1] >= 0) & (rng.random(n) < 0.5)
        party[use_alt] = self.alt[b[use_alt], 0]
        party[second] = self.alt[b[second], 1]
        consignee = np.where((eco.buyer_consignee[b] >= 0) & (rng.random(n) < 0.25), eco.buyer_consignee[b], -1)
        ship = np.where(consignee >= 0, consignee, party)
        parent_pays = (eco.buyer_payer[b] >= 0) & (rng.random(n) < 0.35)
        payer = np.where(parent_pays, eco.buyer_payer[b], np.where(rng.random(n) < 0.03, party, -1))
        payment = np.array(PAYMENTS, dtype=object)[sample_rows(self.pay_cum, sector, rng)]
        payment[parent_pays & (rng.random(n) < 0.5)] = "third_party"

        pick = (rng.random(n) * self.end_use_n[sector]).astype(np.int64)
        end_use = self.end_uses[sector, pick]
        vague = rng.random(n) < self.cfg.vague_end_use_rate
        vague_text = np.array([*cat.VAGUE_END_USES, None, None, None], dtype=object)
        end_use[vague] = vague_text[rng.integers(0, len(vague_text), vague.sum())]
        end_user = np.where(rng.random(n) < 0.25, self.party_name[ship], None)
        cross = self.seller_country[seller] != self.party_country[ship]
        forwarder = np.where(cross & (rng.random(n) < 0.5),
                             np.array(vocab.FORWARDERS, dtype=object)[rng.integers(0, len(vocab.FORWARDERS), n)], None)
        incoterm = np.where(cross, np.array(cat.INCOTERMS_CROSS, dtype=object)[rng.integers(0, len(cat.INCOTERMS_CROSS), n)],
                            np.array(cat.INCOTERMS_HOME, dtype=object)[rng.integers(0, len(cat.INCOTERMS_HOME), n)])
        currency = np.where(rng.random(n) < 0.8, self.seller_currency[seller],
                            np.array(("USD", "EUR"), dtype=object)[rng.integers(0, 2, n)])
        return Batch(day=day, seller=seller, buyer=party, ship=ship, consignee=consignee, payer=payer, payment=payment,
                     currency=currency, end_use=end_use, end_user=end_user, forwarder=forwarder, incoterm=incoterm,
                     typology=np.full(n, None, dtype=object), line_order=line_order[line_sort],
                     line_good=line_good[line_sort], line_qty=qty[line_sort])


@dataclass
class PartyColumns:
    """Party fields orders copy, by party index."""

    party_id: pa.Array
    address: pa.Array
    city: pa.Array
    region: pa.Array
    country: pa.Array


class Formatter:
    """Turns a date-ordered Batch into the contract's orders and order_lines columns."""

    def __init__(self, eco: Economy, marker: Marker, parties: PartyColumns, first_order_number: int) -> None:
        self.eco = eco
        self.marker = marker
        self.parties = parties
        self.next_number = first_order_number
        self.unit = np.array([g.unit for g in cat.GOODS], dtype=object)
        self.price = np.array([g.price_usd for g in cat.GOODS])
        self.median = np.array([g.median_qty for g in cat.GOODS])
        self.descr = pa.array([g.description for g in cat.GOODS])
        styles = []
        for g in cat.GOODS:
            digits = g.hs.replace(".", "")
            styles.append((g.hs, digits, g.hs + ".00", digits + "00"))
        self.hs = pa.array([s[k] for k in range(4) for s in styles])
        self.fx = vocab.FX_PER_USD

    def _ids(self, n: int) -> pa.Array:
        nums = pa.array(np.arange(self.next_number, self.next_number + n))
        self.next_number += n
        return pc.binary_join_element_wise("SO", pc.utf8_lpad(nums.cast(pa.string()), width=8, padding="0"), "")

    def _party(self, column: pa.Array, idx: np.ndarray) -> pa.Array:
        """Party field by index, null where the index is -1."""
        return column.take(pa.array(idx, mask=idx < 0))

    def format(self, batch: Batch, rng: np.random.Generator) -> tuple[dict, dict, dict]:
        """(orders columns, order_lines columns, numbers the caller needs: ids, traced lines...)."""
        eco, p = self.eco, self.parties
        n = len(batch)
        order_id = self._ids(n)
        orders = {
            "order_id": order_id,
            "order_date": pa.array(batch.day.astype("datetime64[D]")).cast(pa.string()),
            "seller_id": p.party_id.take(pa.array(eco.seller_party[batch.seller])),
            "buyer_id": p.party_id.take(pa.array(batch.buyer)),
            "consignee_id": self._party(p.party_id, batch.consignee),
            "ship_to_address": p.address.take(pa.array(batch.ship)),
            "ship_to_city": p.city.take(pa.array(batch.ship)),
            "ship_to_region": p.region.take(pa.array(batch.ship)),
            "ship_to_country": p.country.take(pa.array(batch.ship)),
            "payment_method": batch.payment,
            "payer_id": self._party(p.party_id, batch.payer),
            "currency": batch.currency,
            "declared_end_use": batch.end_use,
            "declared_end_user": batch.end_user,
            "freight_forwarder": batch.forwarder,
            "incoterm": batch.incoterm,
        }
        lines, marks = self._lines(batch, order_id, rng)
        # Exports leave optional cells empty now and then, on any order, licit or not.
        rate = eco.config.missing_rate * 0.3
        for table, columns in ((orders, OPTIONAL_ORDER_COLUMNS), (lines, OPTIONAL_LINE_COLUMNS)):
            for column in columns:
                holes = pa.array(rng.random(len(table[column])) < rate)
                table[column] = pc.if_else(holes, pa.scalar(None, pa.string()), pa.array(table[column], type=pa.string()))
        return orders, lines, marks

    def _lines(self, batch: Batch, order_id: pa.Array, rng: np.random.Generator) -> tuple[dict, dict]:
        eco = self.eco
        good, o = batch.line_good, batch.line_order
        m = len(good)
        starts = np.r_[0, np.flatnonzero(np.diff(o)) + 1]
        line_no = np.arange(m) - np.repeat(starts, np.diff(np.r_[starts, m])) + 1
        seller = batch.seller[o]
        unit = self.unit[good].copy()
        qty = batch.line_qty.copy()
        piece = unit == "pcs"
        qty[piece] = np.maximum(1, np.ceil(qty[piece]))
        tonnes = eco.seller_tonnes[seller]
        to_kg = (unit == "t") & ~tonnes
        to_t = (unit == "kg") & tonnes & (qty >= 5_000)
        factor = np.where(to_kg, 1000.0, np.where(to_t, 0.001, 1.0))
        qty = qty * factor
        unit[to_kg], unit[to_t] = "kg", "t"
        bulk = (unit == "kg") | (unit == "l")
        qty = np.where(bulk & (qty >= 1000), np.round(qty / 25) * 25, np.where(bulk & (qty >= 20), np.round(qty), qty))
        qty = np.where(unit == "t", np.maximum(0.05, np.round(qty, 2)), np.maximum(0.1, np.round(qty, 1)))

        currency = batch.currency[o]
        fx = np.array([self.fx.get(c, 1.0) for c in currency])
        base_qty = qty / factor
        price = (self.price[good] / factor * fx * rng.lognormal(0, 0.15, m)
                 * np.clip(base_qty / self.median[good], 0.01, 100) ** -0.05)
        price = np.round(price, 2)

        model = self.marker.model_of(seller, good)
        marks = self.marker.mark(model, qty)
        recorded = (model >= 0) & eco.seller_trace[seller]
        has_lot = recorded & self.marker.models.has_lot[np.maximum(model, 0)]
        serial_first = marks["serial_first"]
        has_serial = recorded & (serial_first >= 0)
        self.marker.record_lots(model[has_lot], marks["lot_index"][has_lot])
        self.marker.record_serials(model[has_serial], serial_first[has_serial], serial_first[has_serial] + qty[has_serial] - 1)
        safe = np.maximum(model, 0)
        null = pa.nulls(m, pa.string())
        mask = pa.array(~recorded)
        lines = {
            "order_id": order_id.take(pa.array(o)),
            "line_no": pa.array(line_no).cast(pa.string()),
            "hs_code": self.hs.take(pa.array(eco.seller_hs_style[seller] * len(cat.GOODS) + good)),
            "description": self.descr.take(pa.array(good)),
            "sku": pc.binary_join_element_wise(
                "P", pc.utf8_lpad(pa.array((seller * 131 + good * 17) % 100_000).cast(pa.string()), width=5, padding="0"), ""),
            "quantity": pa.array(qty).cast(pa.string()),
            "unit": unit,
            "unit_price": pa.array(price).cast(pa.string()),
            "manufacturer": pc.if_else(mask, null, self.marker.maker_text(safe)),
            "model": pc.if_else(mask, null, self.marker.code_text(safe)),
            "lot": pc.if_else(pa.array(~has_lot), null, self.marker.lot_text(safe, np.maximum(marks["lot_index"], 0))),
            "serial_from": pc.if_else(pa.array(~has_serial), null, self.marker.serial_text(safe, np.maximum(serial_first, 0))),
            "serial_to": pc.if_else(pa.array(~has_serial), null,
                                    self.marker.serial_text(safe, np.maximum(serial_first + qty.astype(np.int64) - 1, 0))),
        }
        info = {"line_no": line_no, "model": model, "has_lot": has_lot, "has_serial": has_serial,
                "lot_index": marks["lot_index"], "serial_first": serial_first, "qty": qty, "good": good,
                "amount": base_qty}
        return lines, info
