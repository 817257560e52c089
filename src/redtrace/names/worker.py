"""Name screening for another process: a pickled `(parties, watchlist)` on stdin, the hits of
`screening.screen_parties` pickled on stdout.

`redtrace screen` runs this in a fresh interpreter so names are screened while its engine works.
A fresh interpreter, not a multiprocessing child: those re-run the parent's main script, which a
script calling `redtrace.pipeline.screen` without a `__main__` guard would not survive.
"""

from __future__ import annotations

import pickle
import sys

import pandas as pd

from redtrace.io.watchlists import Watchlist
from redtrace.names.screening import screen_parties


def screen(parties: pd.DataFrame, watchlist: Watchlist) -> pd.DataFrame:
    """The hits as the screen registers them, whichever process computes them."""
    return screen_parties(parties, watchlist).astype({"score": "float64"})


def main() -> None:
    parties, watchlist = pickle.load(sys.stdin.buffer)
    pickle.dump(screen(parties, watchlist), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main()
