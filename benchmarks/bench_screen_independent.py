"""A second, independent benchmark of screening: worlds built apart from redtrace's own generator.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_screen_independent.py [--seeds 1,2,3] [--orders 30000]
                                                       [--keep out/indworld] [--examples 0]

The world (benchmarks/indworld.py) was written from the data contract, the public reference lists
and red-flag indicators (shared/reference) and the news seeds, before reading the detectors or
redtrace's own generator. Per seed it draws its shape: number of sellers, illicit share
(0.5-5 % of orders), typology mix (a typology may be absent), seller and buyer countries, how
clean the networks look (the chance that each optional red flag is absent), how many networks,
how many boards one network member sits on (3-20), which countries pay cash. The ordinary economy holds legitimate oddities (quarries buying
ammonium nitrate by the tonne, paint makers buying aluminium paste, hobby shops buying motors,
RC-jet clubs buying turbojets, UAV makers, pyrotechnicians, south-east Turkish industry, new
companies, formation-agent addresses, deliveries to branches, cash where cash is usual).

Illicit typologies:
  business_mismatch   a small shop (phone shop, bakery, car hire...) buys bulk precursors, engines
                      or control electronics (CAR20-01, BIS-03, FATF08-04);
  new_front           a newly incorporated general-trading company, often UK, goods shipped on to a
                      small Turkish consignee near the border (CAR20-06, CAR20-03, BIS-06);
  transshipment       a plausible trader in a third country, delivery to a Turkish border town or
                      to IQ/SY/LB (CAR20-04, FATF08-10/11, BIS-11);
  third_party_payer   an unrelated car-hire firm, exchange office or jeweller pays (CAR20-02,
                      FATF08-20);
  structuring         a cluster of small linked buyers split one bulk precursor purchase into
                      ordinary-sized orders within a month (EU-03, FATF08-09);
  watchlist_linked    the buyer or its director is listed, written differently (BIS-01, FATF08-03);
  linked_network      a clean-looking trader sharing directors, phone or address with fronts
                      (FATF08-09, CAR20-05) - visible only through the network;
  end_use_evasion     empty or vague end use and end user, freight forwarder as consignee, EXW
                      (BIS-02, BIS-10, EU-01, FINBIS-03).

Printed per seed and pooled: order and party AP, precision and recall at k = number of illicit,
recall per typology at k, the share of illicit orders put on hold / review, the false-positive
rate among legit orders at hold, rejected rows (must be 0) and runtimes.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from indworld import build_world, write_world  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def average_precision(y: np.ndarray, s: np.ndarray) -> float:
    """AP as sklearn computes it (ties share a threshold)."""
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y, s)) if y.any() else float("nan")


def redtrace(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-c", "from redtrace.cli import main; main()", *args], env=env,
                          capture_output=True, text=True)  # fmt: skip


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def measure(out: Path, labels: list[dict]) -> dict:
    orders = {r["order_id"]: r for r in read_csv(out / "orders_scored.csv")}
    parties = {r["party_id"]: r for r in read_csv(out / "parties_scored.csv")}
    rejected = read_csv(out / "rejected.csv") if (out / "rejected.csv").exists() else []
    res: dict = {"rejected": len(rejected), "rejected_rows": rejected[:5]}
    for kind, scored in (("order", orders), ("party", parties)):
        lab = [x for x in labels if x["target_kind"] == kind]
        ids = [x["target_id"] for x in lab]
        y = np.array([x["label"] == "illicit" for x in lab])
        s = np.array([float(scored[i]["score"]) if i in scored else 0.0 for i in ids])
        k = int(y.sum())
        order = np.lexsort((np.arange(len(s)), -s))  # by score, ties in label-file order
        top = np.zeros(len(s), bool)
        top[order[:k]] = True
        per_typ: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # n, in top-k, hold, review
        for x, t, i in zip(lab, top, ids):
            if x["label"] != "illicit":
                continue
            c = per_typ[x["typology"]]
            c[0] += 1
            c[1] += int(t)
            if kind == "order":
                d = scored.get(i, {}).get("decision", "")
                c[2] += d == "hold"
                c[3] += d == "review"
        r = {"n": len(lab), "illicit": k, "ap": average_precision(y, s), "p_at_k": float(y[top].mean()) if k else 0,
             "typ": {t: tuple(v) for t, v in sorted(per_typ.items())}, "missing": sum(i not in scored for i in ids)}
        if kind == "order":
            dec = np.array([scored.get(i, {}).get("decision", "") for i in ids])
            r["hold_illicit"] = float((dec[y] == "hold").mean())
            r["review_illicit"] = float((dec[y] == "review").mean())
            r["fp_hold"] = float((dec[~y] == "hold").mean())
            r["fp_review"] = float((dec[~y] == "review").mean())
            legit_typ = Counter(x["typology"] for x, d in zip(lab, dec) if x["label"] == "legit" and d == "hold")
            r["fp_hold_by_oddity"] = legit_typ.most_common(8)
            r["scores"] = (y, s)
        res[kind] = r
    return res


def show(seed: str, m: dict, times: dict, params: dict | None) -> None:
    o, p = m["order"], m["party"]
    head = f"seed {seed}"
    if params:
        head += (f": {params['sellers']} sellers, illicit share {params['illicit_share']:.2%}, clean {params['clean']},"
                 f" {params['networks']} networks, <= {params['director_seats']} boards a member,"
                 f" {params['start']} + {params['days']} d")
    print(head)
    print(f"  orders {o['n']:,} ({o['illicit']} illicit)  AP {o['ap']:.3f}  P@k {o['p_at_k']:.3f}   "
          f"parties {p['n']:,} ({p['illicit']} illicit)  AP {p['ap']:.3f}  P@k {p['p_at_k']:.3f}")
    print(f"  illicit on hold {o['hold_illicit']:.1%}, review {o['review_illicit']:.1%};  legit on hold "
          f"{o['fp_hold']:.2%}, review {o['fp_review']:.2%};  rejected rows {m['rejected']}"
          + (f";  times {', '.join(f'{k} {v:.0f}s' for k, v in times.items())}" if times else ""))
    print(f"  {'typology':20s} {'orders':>6s} {'rec@k':>6s} {'hold':>6s} {'review':>6s}   "
          f"{'parties':>7s} {'rec@k':>6s}")
    for t in sorted(set(o["typ"]) | set(p["typ"])):
        a = o["typ"].get(t, (0, 0, 0, 0))
        b = p["typ"].get(t, (0, 0, 0, 0))
        ra = f"{a[1] / a[0]:.2f}" if a[0] else "-"
        rb = f"{b[1] / b[0]:.2f}" if b[0] else "-"
        ha = f"{a[2] / a[0]:.2f}" if a[0] else "-"
        va = f"{a[3] / a[0]:.2f}" if a[0] else "-"
        print(f"  {t:20s} {a[0]:6d} {ra:>6s} {ha:>6s} {va:>6s}   {b[0]:7d} {rb:>6s}")
    if o["fp_hold_by_oddity"]:
        print("  legit on hold by kind: " + ", ".join(f"{k} {v}" for k, v in o["fp_hold_by_oddity"]))
    if m["rejected"]:
        print(f"  REJECTED rows, first: {m['rejected_rows']}")


def pool(results: list[dict]) -> dict:
    out: dict = {"rejected": sum(r["rejected"] for r in results), "rejected_rows": []}
    for kind in ("order", "party"):
        rs = [r[kind] for r in results]
        typ: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        for r in rs:
            for t, v in r["typ"].items():
                typ[t] = [a + b for a, b in zip(typ[t], v)]
        n = sum(r["n"] for r in rs)
        k = sum(r["illicit"] for r in rs)
        agg = {"n": n, "illicit": k, "ap": float(np.mean([r["ap"] for r in rs])),
               "p_at_k": float(np.average([r["p_at_k"] for r in rs], weights=[r["illicit"] for r in rs])),
               "typ": {t: tuple(v) for t, v in typ.items()}}  # fmt: skip
        if kind == "order":
            for f in ("hold_illicit", "review_illicit"):
                agg[f] = float(np.average([r[f] for r in rs], weights=[r["illicit"] for r in rs]))
            for f in ("fp_hold", "fp_review"):
                agg[f] = float(np.average([r[f] for r in rs], weights=[r["n"] - r["illicit"] for r in rs]))
            c: Counter = Counter()
            for r in rs:
                c.update(dict(r["fp_hold_by_oddity"]))
            agg["fp_hold_by_oddity"] = c.most_common(8)
        out[kind] = agg
    return out


def examples(folder: Path, out: Path, n: int) -> None:
    """Missed illicit orders per typology (lowest scores) and the top-scored legit orders."""
    labels = {r["target_id"]: r for r in read_csv(folder / "labels.csv")}
    scored = {r["order_id"]: r for r in read_csv(out / "orders_scored.csv")}
    orders = {r["order_id"]: r for r in read_csv(folder / "dataset" / "orders.csv")}
    parties = {r["party_id"]: r for r in read_csv(folder / "dataset" / "parties.csv")}
    lines = defaultdict(list)
    for r in read_csv(folder / "dataset" / "order_lines.csv"):
        lines[r["order_id"]].append(f"{r['hs_code']} {r['quantity']} {r['unit']}")

    def row(oid: str) -> str:
        o, s = orders[oid], scored[oid]
        b = parties[o["buyer_id"]]
        return (f"    {oid} {s['score']:>6s} {s['decision']:6s} [{s['flags']}]\n      buyer {b['name']!r} {b['country']} "
                f"{b['city']} nace {b['activity_code']} {b['activity']!r} emp {b['employees']} inc {b['incorporated_on']}"
                f" | {'; '.join(lines[oid])} | ship {o['ship_to_city']} {o['ship_to_country']} cons "
                f"{o['consignee_id'] or '-'} pay {o['payment_method']} {o['payer_id'] or ''} end-use "
                f"{o['declared_end_use']!r}")

    ranked = sorted(scored, key=lambda i: -float(scored[i]["score"]))
    k = sum(1 for r in labels.values() if r["target_kind"] == "order" and r["label"] == "illicit")
    top = set(ranked[:k])
    by_typ = defaultdict(list)
    for i in ranked[::-1]:
        lab = labels[i]
        if lab["label"] == "illicit" and i not in top:
            by_typ[lab["typology"]].append(i)
    for t, ids in sorted(by_typ.items()):
        print(f"  missed {t} ({len(ids)} outside top-k), lowest scored:")
        for i in ids[:n]:
            print(row(i))
    print("  top-scored legit orders:")
    for i in [i for i in ranked if labels[i]["label"] == "legit"][:n]:
        print(f"   ({labels[i]['typology']})")
        print(row(i))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--orders", type=int, default=30000)
    ap.add_argument("--keep", type=Path, help="keep worlds and screen outputs under this folder")
    ap.add_argument("--examples", type=int, default=0, help="print N missed orders per typology and N top legit")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="indworld-"))
    results = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        times = {}
        t = time.perf_counter()
        world = build_world(seed, args.orders)
        folder = base / f"seed{seed}"
        paths = write_world(world, folder)
        times["generate"] = time.perf_counter() - t
        t = time.perf_counter()
        out = folder / "screen"
        done = redtrace("screen", str(paths["dataset"]), "--out", str(out), "--watchlist", str(paths["watchlist"]))
        times["screen"] = time.perf_counter() - t
        if done.returncode:
            print(done.stdout[-2000:], done.stderr[-4000:])
            raise SystemExit(f"seed {seed}: redtrace screen failed")
        m = measure(out, world.labels)
        results.append(m)
        show(str(seed), m, times, world.params)
        if args.examples:
            examples(folder, out, args.examples)
        sys.stdout.flush()
    if len(results) > 1:
        show("pooled (AP = mean over seeds)", pool(results), {}, None)
    print(f"worlds in {base}")


if __name__ == "__main__":
    main()
