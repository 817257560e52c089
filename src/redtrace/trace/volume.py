"""How much a sale's size says about whether a recovered item came from it, read from the data.

If every diverted unit is as likely to be found (a network uses up its purchases alike), a sale of
forty drums leaves forty times the items of a sale of one, and a lot's sales count by their units
in full (power 1). If instead each diverted *sale* leaves about as many items whatever its size —
a front buys a few drums at a time while a big customer's stock stays in its plant — size says
nothing (power 0). Worlds differ, so which holds is read from the first ranking pass: the sales
its confident traces name (serials read whole, which need no size to be found) against all sales
of the same model, as the likelihood of picking each sale by size ** power, maximised over a grid
in [0, 1]. Below 0 a smaller sale would be the likelier origin and above 1 a bigger one more than
per unit: neither follows from how items are found, so the power stays inside.
"""

from __future__ import annotations

import numpy as np

# Confident traces needed to say anything; fewer keep the per-unit count.
MIN_TRACES = 30
POWERS = np.linspace(0.0, 1.0, 21)
PER_UNIT = 1.0


def learn_power(amounts: np.ndarray, groups: np.ndarray, traced: list[int]) -> float:
    """The power of size that best explains which sales the confident traces name: `amounts` and
    `groups` (a model code, negative for none) of every line; `traced`: the line of each
    confident trace. Lines of unknown size or model say nothing."""
    sized = (amounts > 0) & (groups >= 0)  # NaN compares False
    chosen = [i for i in traced if sized[i]]
    if len(chosen) < MIN_TRACES:
        return PER_UNIT
    logs = np.log(np.where(sized, amounts, 1.0))
    wanted = np.unique(groups[chosen])
    members = {g: logs[sized & (groups == g)] for g in wanted.tolist()}
    per_group = np.bincount(np.searchsorted(wanted, groups[chosen]), minlength=len(wanted))
    picked = logs[chosen].sum()
    best, best_ll = PER_UNIT, -np.inf
    for power in POWERS:
        norm = sum(n * _log_sum_exp(power * members[g]) for g, n in zip(wanted.tolist(), per_group.tolist()))
        ll = power * picked - norm
        if ll > best_ll + 1e-12:
            best, best_ll = float(power), ll
    return best


def _log_sum_exp(x: np.ndarray) -> float:
    top = float(x.max())
    return top + float(np.log(np.exp(x - top).sum()))
