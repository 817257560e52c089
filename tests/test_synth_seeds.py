"""Seeds, knobs and the command line of the generator."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import redtrace.cli.synth  # noqa: F401  (registers the command)
from redtrace.cli.app import app
from redtrace.synth import SynthConfig, generate


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def worlds(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name, seed in (("a", 5), ("a_again", 5), ("b", 6)):
        out[name] = tmp_path_factory.mktemp(name)
        generate(out[name], SynthConfig(orders=1500, seed=seed, chunk_orders=600))
    return out


def test_same_seed_gives_identical_files(worlds):
    assert digest(worlds["a"]) == digest(worlds["a_again"])


def test_different_seeds_give_different_worlds(worlds):
    a, b = (pd.read_csv(worlds[k] / "dataset" / "parties.csv", dtype=str, keep_default_na=False) for k in ("a", "b"))
    names_a, names_b = set(a.name), set(b.name)
    assert len(names_a & names_b) < 0.5 * min(len(names_a), len(names_b))
    mix_a = a.activity_code.value_counts(normalize=True)
    mix_b = b.activity_code.value_counts(normalize=True)
    assert (mix_a.sub(mix_b, fill_value=0).abs().sum()) > 0.2  # the sector mix itself moves


def test_chunked_world_keeps_dates_in_order_and_ids_unique(worlds):
    orders = pd.read_csv(worlds["a"] / "dataset" / "orders.csv", dtype=str, keep_default_na=False)
    clean = orders.drop_duplicates("order_id", keep="first")
    dates = pd.to_datetime(clean.order_date, errors="coerce").dropna()
    assert dates.is_monotonic_increasing
    assert clean.order_id.nunique() == 1500


def test_config_rejects_bad_knobs(tmp_path):
    with pytest.raises(ValueError, match="illicit_share"):
        SynthConfig(illicit_share=0.7)
    with pytest.raises(ValueError, match="orders"):
        SynthConfig(orders=10)
    with pytest.raises(ValueError, match="unknown typologies"):
        SynthConfig(typology_weights={"smuggling": 1.0})
    knobs = tmp_path / "knobs.json"
    knobs.write_text(json.dumps({"orders": 800, "illicit_sahre": 0.1}))
    with pytest.raises(ValueError, match="illicit_sahre"):
        SynthConfig.from_file(knobs)


def test_config_file_and_overrides(tmp_path):
    knobs = tmp_path / "knobs.json"
    knobs.write_text(json.dumps({"orders": 800, "illicit_share": 0.05, "start": "2014-01-01"}))
    cfg = SynthConfig.from_file(knobs, seed=3, orders=None)
    assert (cfg.orders, cfg.seed, cfg.illicit_share, cfg.start.year) == (800, 3, 0.05, 2014)


def test_typology_weights_and_zero_share(tmp_path):
    only = SynthConfig(orders=1000, seed=2, typology_weights={"transshipment": 1.0, "front_company": 0.0})
    generate(tmp_path / "only", only)
    labels = pd.read_csv(tmp_path / "only" / "labels.csv", dtype=str, keep_default_na=False)
    assert set(labels[labels.label == "illicit"].typology) == {"transshipment"}
    generate(tmp_path / "none", SynthConfig(orders=500, seed=2, illicit_share=0.0, malformed_rate=0.0))
    labels = pd.read_csv(tmp_path / "none" / "labels.csv", dtype=str, keep_default_na=False)
    assert set(labels.label) == {"legit"}
    malformed = pd.read_csv(tmp_path / "none" / "truth" / "malformed.csv")
    assert malformed.empty


def run(*args: str):
    # Typer runs a lone registered command without its name; other commands may be loaded too.
    prefix = ["synth"] if len(app.registered_commands) > 1 else []
    return CliRunner().invoke(app, prefix + list(args))


def test_cli_writes_a_world(tmp_path):
    result = run("--out", str(tmp_path / "w"), "--orders", "400", "--seed", "4", "--illicit-share", "0.05")
    assert result.exit_code == 0, result.output
    for name in ("dataset/orders.csv", "dataset/items.csv", "labels.csv", "watchlist.csv", "truth/clusters.csv",
                 "truth/item_origins.csv", "truth/config.json"):
        assert (tmp_path / "w" / name).is_file(), name
    assert json.loads((tmp_path / "w" / "truth" / "config.json").read_text())["illicit_share"] == 0.05


def test_cli_options_override_the_config_file_and_only_when_given(tmp_path):
    knobs = tmp_path / "knobs.json"
    knobs.write_text(json.dumps({"orders": 300, "seed": 8, "duplicate_rate": 0.2}))
    assert run("--out", str(tmp_path / "w"), "--config", str(knobs), "--seed", "9").exit_code == 0
    used = json.loads((tmp_path / "w" / "truth" / "config.json").read_text())
    assert (used["orders"], used["seed"], used["duplicate_rate"]) == (300, 9, 0.2)


def test_cli_reports_bad_config(tmp_path):
    knobs = tmp_path / "knobs.json"
    knobs.write_text("{not json")
    result = run("--out", str(tmp_path / "w"), "--config", str(knobs))
    assert result.exit_code != 0
    assert "knobs.json" in result.output
