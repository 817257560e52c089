"""Entity resolution on a generated world, against the world's true clusters, and the two
properties of that truth the measurement depends on: every record comes from a document, and an
e-mail address belongs to one company."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.resolve import resolve_parties
from redtrace.resolve.evaluate import pairwise_scores
from redtrace.synth import SynthConfig, generate


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate(out, SynthConfig(orders=6000, seed=3))
    return out


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str)


def test_every_record_of_a_person_recorded_twice_is_named_by_a_relation(world):
    # A record no document names has only a name and a country to resolve it by, and in a world
    # of namesakes no evidence could place it: the truth would be untestable.
    parties = read(world / "dataset" / "parties.csv").merge(read(world / "truth" / "clusters.csv"), on="party_id")
    relations = read(world / "dataset" / "relations.csv")
    persons = parties[parties.kind == "person"]
    twice = persons[persons.duplicated("cluster_id", keep=False)]
    assert len(twice) > 20
    assert twice.party_id.isin(set(relations.source_id) | set(relations.target_id)).all()


def test_an_email_address_belongs_to_one_entity(world):
    parties = read(world / "dataset" / "parties.csv").merge(read(world / "truth" / "clusters.csv"), on="party_id")
    with_email = parties.dropna(subset=["email"])
    assert len(with_email) > 100
    assert (with_email.groupby(with_email.email.str.lower()).cluster_id.nunique() == 1).all()


def test_pairwise_precision_and_recall_against_the_true_clusters(world):
    engine = create_engine()
    read_dataset(world / "dataset", engine)
    resolve_parties(engine)
    score = pairwise_scores(engine.table("clusters"), read(world / "truth" / "clusters.csv"))
    assert score.true_pairs > 20
    assert score.precision >= 0.95 and score.recall >= 0.95
