"""What the network indicators add: `redtrace screen` on a synthetic world with and without the
net.* rules, scored against the world's labels.

    .venv/bin/redtrace synth --out W --orders 20000 --seed 11
    .venv/bin/python benchmarks/bench_network_gain.py W [W2 ...]

Prints order and party average precision, per-typology party recall within the budget and party AP
against the legitimate parties alone for both runs, and the share of each net.* rule's flags that
hit illicit targets.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pandas as pd

from redtrace.evaluate.ablation import evaluate_without, rule_modules_matching


def run(world: Path, dropped: tuple[str, ...], out: Path):
    return evaluate_without(dropped, world / "dataset", out, world / "labels.csv", [world / "watchlist.csv"])


def main() -> None:
    args = sys.argv[1:]
    # --rules net_a,net_b: try a subset of the network rules (default: those registered).
    network = rule_modules_matching("net.")
    kept = network
    if "--rules" in args:
        i = args.index("--rules")
        kept = tuple(args[i + 1].split(","))
        del args[i:i + 2]
    for world in map(Path, args):
        with tempfile.TemporaryDirectory() as tmp:
            base = run(world, network, Path(tmp) / "base")
            net = run(world, tuple(m for m in network if m not in kept), Path(tmp) / "net")
            flags = pd.read_json(Path(tmp) / "net" / "flags.jsonl", lines=True)
        labels = pd.read_csv(world / "labels.csv", dtype=str)
        print(f"== {world}")
        print(f"order AP  {base.order_ap:.3f} -> {net.order_ap:.3f}   party AP  {base.party_ap:.3f} -> {net.party_ap:.3f}")
        print(f"recall at budget {base.recall_at_budget:.3f} -> {net.recall_at_budget:.3f}")
        for typ, (n, r) in sorted(net.party_typology_recall.items()):
            print(f"  party recall {typ:<22} ({n:>3})  {base.party_typology_recall.get(typ, (0, 0.0))[1]:.3f} -> {r:.3f}")
        # Within the budget typologies compete for slots; against legitimate parties alone they do not.
        for typ, (_, ap) in sorted(net.party_typology_vs_legit.items()):
            print(f"  party AP vs legit {typ:<22}  {base.party_typology_vs_legit.get(typ, (0, 0.0))[1]:.3f} -> {ap:.3f}")
        hits = flags[flags.rule_id.str.startswith("net.")].merge(
            labels, on=["target_kind", "target_id"], how="left")
        for rule, g in hits.groupby("rule_id"):
            print(f"  {rule:<32} {len(g):>5} flags, {(g.label == 'illicit').mean():.0%} on illicit targets")


if __name__ == "__main__":
    main()
