"""An independent benchmark of entity resolution: duplicates written the ways real files differ.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_resolve_independent.py [--seeds 1,2,3]
                                                       [--keep out/indresolve] [--examples 0]

The world (benchmarks/resolveworld.py) was written from the data contract and from how company
registries and customer files hold the same company or person more than once, before reading
redtrace's generator or resolver. Per seed it draws: the number of entities (1500-2500, 60 %
companies), the share with 2-4 records (15-40 %), the chance that each optional field is missing
(5-30 % on the first record, 10-45 % on the others), the hard-negative rate (8-25 %) and the chance
that a second record carries another identifier scheme (tax number instead of register number).

A second record differs from the first in one way (its kind) plus field noise (address rewritten,
postcode or city dropped, city spelled differently, phone written +90 / 0090 / local, website with
or without www, registration id spaced, its leading zeros dropped or missing, upper case):
  legal_form_spelled  Ltd <-> Limited, GmbH <-> Gesellschaft mit beschränkter Haftung,
                      San. ve Tic. Ltd. Şti. <-> Sanayi ve Ticaret Limited Şirketi, ООО <-> Общество ...
  legal_form_dropped  no legal form
  legal_form_local    the form in another language (Ltd Şti. <-> Industry and Trade Co. Ltd.,
                      ООО <-> LLC, LLC <-> ش.ذ.م.م written Latin, Ltd <-> Λίμιτεδ, GmbH <-> Ltd)
  diacritics          Turkish / German letters folded (Ş->S, ı->i, ü->u or ue)
  translit            another romanisation (Kh/H, Yu/Iu; Al-Nour/Alnoor; Hosseini/Hoseini)
  script              Cyrillic or Arabic script <-> Latin
  word_order          sector before brand, Chinese city moved to brackets or dropped
  typo                one letter dropped, doubled, swapped or replaced
  abbreviation        Intl, Eng., Ind., '&' / 'and', Müh., Gen. Trading
  trading_name        the trading name instead of the legal name (legal name in aliases half the time)
  fields_only         the same name; only the other fields differ
  name_order          persons: 'YILMAZ Mehmet', 'Smith, John', Chinese given name first
  initials            persons: 'J. Smith', 'M. Yilmaz'
  middle_name         persons: patronymic or father's name present on one record only
  dup_vs_dup          two later records of one entity
A '+other_id' suffix: the second record holds the entity's other identifier (VAT or tax number vs
register number) - both true, different strings. '+dob_swapped': day and month swapped.

Hard negatives (different entities that look alike):
  namesake_country      same name, another country   namesake_city   same name, same country, other city
  group_company         same brand, other activity, same address, often same phone and web domain (owner)
  generic_name          'Global Trading LLC' x 2-4 in one country
  shared_address_agent  15-70 companies at one free-zone business centre or formation agent (often its phone)
  family                same surname, same address, often same phone (family relation)
  family_same_name      father and son: same name and address, birth dates 25-33 years apart
  common_name           'Mohammed Ali', 'Mehmet Yılmaz', 'Wang Wei', 'Сергей Иванов' x 2-4 in one country
  namesake_by_chance    two entities the draw gave one name (the name pools are small), any country
No two entities share a web domain or mailbox.

Printed per seed and pooled: pairwise precision / recall / F1, B-cubed precision / recall, recall
per duplicate kind, the share of hard-negative pairs merged per kind, rejected rows, runtime.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import resolveworld  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def read_csv(p: Path) -> list[dict]:
    with open(p, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def pairs_of(groups: dict) -> set:
    out = set()
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            out.add((a, b))
    return out


def evaluate(world: Path, out: Path) -> dict:
    truth = {r["party_id"]: r["entity_id"] for r in read_csv(world / "truth" / "entities.csv")}
    pred = {r["party_id"]: r["cluster_id"] for r in read_csv(out / "clusters.csv")}
    tg, pg = defaultdict(list), defaultdict(list)
    for p, e in truth.items():
        tg[e].append(p)
    for p, c in pred.items():
        pg[c].append(p)
    tp_pairs, pp_pairs = pairs_of(tg), pairs_of(pg)
    tp = len(tp_pairs & pp_pairs)
    res = {"records": len(truth), "clustered": len(pred), "true_pairs": len(tp_pairs), "pred_pairs": len(pp_pairs), "tp": tp}
    # B-cubed over the records both sides know
    bp = br = 0.0
    n = 0
    for p in truth:
        if p not in pred:
            continue
        t = set(tg[truth[p]])
        c = set(pg[pred[p]])
        inter = len(t & c)
        bp += inter / len(c)
        br += inter / len(t)
        n += 1
    res["b3_p_sum"], res["b3_r_sum"], res["b3_n"] = bp, br, n
    same = lambda a, b: a in pred and b in pred and pred[a] == pred[b]  # noqa: E731
    dk, nk = Counter(), Counter()
    dk_hit, nk_hit = Counter(), Counter()
    missed, merged = [], []
    for r in read_csv(world / "truth" / "dup_pairs.csv"):
        k = r["kind"]
        dk[k] += 1
        if same(r["a"], r["b"]):
            dk_hit[k] += 1
        else:
            missed.append((r["a"], r["b"], k))
    for r in read_csv(world / "truth" / "neg_pairs.csv"):
        k = r["kind"]
        nk[k] += 1
        if same(r["a"], r["b"]):
            nk_hit[k] += 1
            merged.append((r["a"], r["b"], k))
    labelled = {tuple(sorted((r["a"], r["b"]))) for r in read_csv(world / "truth" / "neg_pairs.csv")}
    other_fp = [p for p in pp_pairs - tp_pairs if p not in labelled]
    res.update(dk=dk, dk_hit=dk_hit, nk=nk, nk_hit=nk_hit, missed=missed, merged=merged, other_fp=other_fp)
    rej = out / "rejected.csv"
    res["rejected"] = len(read_csv(rej)) if rej.exists() else 0
    return res


def fmt(x: float) -> str:
    return f"{x:.3f}"


def summary(label: str, r: dict) -> str:
    p = r["tp"] / r["pred_pairs"] if r["pred_pairs"] else 1.0
    rc = r["tp"] / r["true_pairs"] if r["true_pairs"] else 1.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    return (f"{label:>8}  records {r['records']:5d}  true pairs {r['true_pairs']:5d}  predicted {r['pred_pairs']:5d}  "
            f"P {fmt(p)}  R {fmt(rc)}  F1 {fmt(f1)}  B3 P {fmt(r['b3_p_sum'] / r['b3_n'])}  "
            f"B3 R {fmt(r['b3_r_sum'] / r['b3_n'])}  rejected {r['rejected']}  other wrong pairs {len(r['other_fp'])}")


def show(world: Path, pairs, n: int, title: str) -> None:
    rows = {r["party_id"]: r for r in read_csv(world / "parties.csv")}
    cols = ["name", "aliases", "country", "city", "address", "postal_code", "registration_id", "phone", "email", "website", "birth_date"]
    print(f"  {title}:")
    for a, b, k in pairs[:n]:
        print(f"    [{k}]")
        for p in (a, b):
            print(f"      {p}: " + " | ".join(rows[p][c] for c in cols))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--keep", default="", help="keep worlds and outputs under this folder")
    ap.add_argument("--examples", type=int, default=0, help="print this many missed and wrongly merged pairs per seed")
    a = ap.parse_args()
    base = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="indresolve_"))
    pooled = None
    for seed in [int(s) for s in a.seeds.split(",")]:
        world, out = base / f"world{seed}", base / f"out{seed}"
        t0 = time.time()
        w = resolveworld.build(seed)
        resolveworld.write(w, world)
        tg = time.time() - t0
        t0 = time.time()
        cmd = [sys.executable, "-c", "from redtrace.cli import main; main()", "network", str(world), "--out", str(out), "--pictures", "0"]
        cp = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
        tn = time.time() - t0
        if cp.returncode:
            print(cp.stdout[-2000:], cp.stderr[-4000:])
            raise SystemExit(f"network failed on seed {seed}")
        r = evaluate(world, out)
        print(f"seed {seed}: {w.params}  generate {tg:.1f}s  network {tn:.1f}s")
        print(summary(f"seed {seed}", r))
        if a.examples:
            show(world, r["missed"], a.examples, "missed duplicate pairs")
            show(world, r["merged"], a.examples, "merged hard negatives")
            show(world, [(x, y, "unlabelled") for x, y in r["other_fp"]], a.examples, "other wrong pairs")
        if pooled is None:
            pooled = {k: (v.copy() if hasattr(v, "copy") else v) for k, v in r.items()}
        else:
            for k, v in r.items():
                pooled[k] = pooled[k] + v
    print(summary("pooled", pooled))
    print("recall per duplicate kind (pooled; '+' suffixes folded into 'other_id' / 'dob_swapped' rows):")
    dk, dh = Counter(), Counter()
    for k, v in pooled["dk"].items():
        base_k = k.split("+")[0]
        dk[base_k] += v
        dh[base_k] += pooled["dk_hit"][k]
        for suf in k.split("+")[1:]:
            dk["+" + suf] += v
            dh["+" + suf] += pooled["dk_hit"][k]
    for k in sorted(dk, key=lambda k: dh[k] / dk[k]):
        print(f"  {k:22s} {dh[k]:5d} / {dk[k]:5d}  {dh[k] / dk[k]:.3f}")
    print("hard-negative pairs merged (pooled):")
    for k in sorted(pooled["nk"], key=lambda k: -pooled["nk_hit"][k] / pooled["nk"][k]):
        print(f"  {k:22s} {pooled['nk_hit'][k]:5d} / {pooled['nk'][k]:5d}  {pooled['nk_hit'][k] / pooled['nk'][k]:.3f}")


if __name__ == "__main__":
    main()
