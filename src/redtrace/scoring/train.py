"""Learn per-rule weights from labelled outcomes: `redtrace train OUT --labels labels.csv --model model.json`.

The learned model is a logistic regression on the flags each order carries, so every score still
decomposes into its flags:
    log-odds(illicit) = intercept + sum over raised rules of (offset_rule + weight_rule x strength)
and each flag's contribution (offset + weight x strength, in log-odds points) is what flags.jsonl
and the report list. Offsets and weights are bounded to be non-negative (an indicator can only add
risk, never excuse an order) and L2-penalised. Because the fit maximises the likelihood of the
outcomes, the scores read as probabilities; `reliability` shows how well they hold on another
dataset (predicted against observed share of illicit orders per score bin). `fit` (noisy-OR
weights) is kept for the default model's form.

Inputs are the files `redtrace screen` writes: flags.jsonl (strengths) and orders_scored.csv (which
rules touched each order, including those inherited from its buyer, consignee or payer). Given the
dataset too, inherited party flags carry their real strength and role share; without it they count
at the rule's median party strength times the buyer share.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from redtrace.scoring import MAX_CONTRIBUTION, ROLE_SHARE, ScoringModel

MAX_WEIGHT = 0.99


def order_features(out: Path, dataset: Path | None = None) -> pd.DataFrame:
    """Orders x rules matrix of strengths (0 = not raised), indexed by order_id."""
    out = Path(out)
    orders = pd.read_csv(out / "orders_scored.csv", dtype={"order_id": str, "flags": str}, keep_default_na=False)
    flags = pd.read_json(out / "flags.jsonl", lines=True, dtype={"target_id": str}) if (out / "flags.jsonl").stat().st_size else \
        pd.DataFrame(columns=["rule_id", "target_kind", "target_id", "strength"])
    own = flags[flags.target_kind == "order"][["target_id", "rule_id", "strength"]].rename(columns={"target_id": "order_id"})
    parts = [own]
    party = flags[flags.target_kind == "party"][["target_id", "rule_id", "strength"]]
    if len(party):
        if dataset is not None:
            roles = _roles(Path(dataset))
            for role, share in ROLE_SHARE.items():
                if role in roles:
                    m = roles[["order_id", role]].dropna().merge(party, left_on=role, right_on="target_id")
                    parts.append(m.assign(strength=m.strength * share)[["order_id", "rule_id", "strength"]])
        else:
            typical = party.groupby("rule_id").strength.median() * ROLE_SHARE["buyer_id"]
            listed = orders[["order_id", "flags"]].assign(rule_id=orders.flags.str.split(";")).explode("rule_id")
            listed = listed[listed.rule_id.isin(typical.index)]
            parts.append(listed.assign(strength=listed.rule_id.map(typical))[["order_id", "rule_id", "strength"]])
    long = pd.concat(parts, ignore_index=True)
    wide = long.pivot_table(index="order_id", columns="rule_id", values="strength", aggfunc="max", fill_value=0.0)
    return wide.reindex(orders.order_id, fill_value=0.0).astype(float)


def _roles(dataset: Path) -> pd.DataFrame:
    for name in ("orders.csv", "orders.parquet"):
        path = dataset / name
        if path.exists():
            frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str, keep_default_na=False)
            frame = frame.replace("", np.nan)
            return frame[[c for c in ("order_id", *ROLE_SHARE) if c in frame.columns]].astype("object")
    raise FileNotFoundError(f"no orders.csv or orders.parquet in {dataset}")


def labelled(features: pd.DataFrame, labels: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    lab = labels[labels.target_kind == "order"].drop_duplicates("target_id").set_index("target_id").label
    keep = features.index.isin(lab.index)
    x = features[keep]
    return x, (lab.reindex(x.index) == "illicit").to_numpy().astype(float)


def predict(x: pd.DataFrame, weights: dict[str, float], base_rate: float) -> np.ndarray:
    w = np.array([float(weights.get(c, 0.0)) for c in x.columns])
    log_q = np.log1p(-min(base_rate, MAX_CONTRIBUTION)) + np.log1p(-np.minimum(x.to_numpy() * w, MAX_CONTRIBUTION)).sum(axis=1)
    return 1 - np.exp(log_q)


def fit(x: pd.DataFrame, y: np.ndarray, l2: float = 1.0) -> tuple[dict[str, float], float]:
    """Maximum-likelihood noisy-OR weights per rule (bounded, L2-penalised) and the base rate."""
    from scipy.optimize import minimize

    X = x.to_numpy(dtype=float)
    y = np.asarray(y, dtype=float)
    n, k = X.shape
    prior = float(np.clip(y.mean(), 1e-4, 0.5)) if n else 0.01

    def loss(theta):
        w, b = theta[:k], theta[k]
        wx = np.minimum(X * w, MAX_CONTRIBUTION)
        log_q = np.log1p(-b) + np.log1p(-wx).sum(axis=1)
        q = np.exp(log_q)
        p = np.clip(1 - q, 1e-12, 1.0)
        nll = -(y * np.log(p) + (1 - y) * log_q).sum() + l2 * (w**2).sum()
        g_logq = y * q / p - (1 - y)  # d nll / d log_q
        grad_w = (g_logq[:, None] * (-X / (1 - wx))).sum(axis=0) + 2 * l2 * w
        grad_b = (g_logq * (-1 / (1 - b))).sum()
        return nll, np.append(grad_w, grad_b)

    start = np.append(np.full(k, 0.1), prior / 2)
    bounds = [(0.0, MAX_WEIGHT)] * k + [(1e-6, 0.5)]
    res = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return {c: round(float(v), 6) for c, v in zip(x.columns, res.x[:k])}, float(res.x[k])


def features_fired(x: pd.DataFrame) -> pd.DataFrame:
    """Whether each rule was raised on the order (scaled by the role share for inherited flags)."""
    return (x > 0).astype(float)


def fit_logistic(x: pd.DataFrame, y: np.ndarray, l2: float = 1.0) -> tuple[dict[str, float], dict[str, float], float]:
    """Non-negative, L2-penalised logistic regression on strengths and raised-or-not, per rule."""
    from scipy.optimize import minimize

    S = x.to_numpy(dtype=float)
    F = features_fired(x).to_numpy(dtype=float)
    X = np.hstack([S, F])
    y = np.asarray(y, dtype=float)
    k = X.shape[1]
    prior = float(np.clip(y.mean(), 1e-4, 0.5))

    def loss(theta):
        w, b = theta[:k], theta[k]
        z = X @ w + b
        # log(1 + e^z) stably
        lse = np.logaddexp(0, z)
        nll = (lse - y * z).sum() + l2 * (w**2).sum()
        p = 1 / (1 + np.exp(-z))
        g = p - y
        return nll, np.append(X.T @ g + 2 * l2 * w, g.sum())

    start = np.append(np.zeros(k), np.log(prior / (1 - prior)))
    res = minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[(0.0, None)] * k + [(None, None)])
    n = S.shape[1]
    weights = {c: round(float(v), 6) for c, v in zip(x.columns, res.x[:n])}
    offsets = {c: round(float(v), 6) for c, v in zip(x.columns, res.x[n:k])}
    return weights, offsets, float(res.x[k])


def predict_logistic(x: pd.DataFrame, weights: dict[str, float], offsets: dict[str, float], intercept: float) -> np.ndarray:
    w = np.array([float(weights.get(c, 0.0)) for c in x.columns])
    a = np.array([float(offsets.get(c, 0.0)) for c in x.columns])
    z = intercept + x.to_numpy(dtype=float) @ w + features_fired(x).to_numpy(dtype=float) @ a
    return 1 / (1 + np.exp(-z))


def model_predict(model: ScoringModel, x: pd.DataFrame) -> np.ndarray:
    if model.kind == "logistic":
        return predict_logistic(x, model.weights, model.offsets, model.intercept)
    return predict(x, model.weights, model.base_rate)


def train(out: Path, labels: pd.DataFrame, dataset: Path | None = None, l2: float = 1.0,
          base: ScoringModel | None = None) -> tuple[ScoringModel, pd.DataFrame, np.ndarray]:
    x, y = labelled(order_features(out, dataset), labels)
    if not len(y) or y.sum() == 0 or y.sum() == len(y):
        raise ValueError("training needs labelled orders of both kinds (illicit and legit)")
    weights, offsets, intercept = fit_logistic(x, y, l2)
    model = base or ScoringModel()
    model.kind, model.weights, model.offsets, model.intercept, model.rarity = "logistic", weights, offsets, intercept, False
    model.source = f"trained on {len(y):,} labelled orders ({int(y.sum()):,} illicit) from {Path(out).name}"
    return model, x, y


def reliability(p, y, bins: tuple[float, ...] = (0, 0.01, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)) -> pd.DataFrame:
    """Predicted against observed share of illicit orders, per score bin."""
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    cut = pd.cut(p, bins=list(bins), include_lowest=True)
    t = pd.DataFrame({"bin": cut, "p": p, "y": y}).groupby("bin", observed=True).agg(orders=("y", "size"), predicted=("p", "mean"), observed=("y", "mean"))
    return t.reset_index()
