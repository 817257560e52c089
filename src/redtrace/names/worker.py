"""Name screening in another process: `NameWorker` is the caller's handle, `main` the worker.

The worker gets a pickled watchlist on stdin, builds its matcher (rigour's person-name tagger alone
costs about 8 s of CPU and 0.3 GB (0.4 at its peak) in every new process: an automaton over the ~470k
aliases of rigour's Wikidata name corpus, built inside its Rust core, which can neither build it
over the few thousand words a screen meets nor load it ready-made), then a pickled parties table,
and pickles the hits of `screening.screen_parties` to stdout. Sending the watchlist first lets the
matcher be built while the caller is still reading its dataset.

A fresh interpreter, not a multiprocessing child: those re-run the parent's main script, which a
script calling `redtrace.pipeline.screen` without a `__main__` guard would not survive.
"""

from __future__ import annotations

import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pandas as pd

from redtrace.io.watchlists import Watchlist
from redtrace.names.matcher import Matcher
from redtrace.names.screening import screen_parties


def screen(parties: pd.DataFrame, watchlist: Watchlist | Matcher) -> pd.DataFrame:
    """The hits as the screen registers them, whichever process computes them."""
    return screen_parties(parties, watchlist).astype({"score": "float64"})


class NameWorker:
    """A worker process screening names against `watchlist`; `send` the parties, then `result`."""

    def __init__(self, watchlist: Watchlist):
        import redtrace

        env = dict(os.environ)
        # The worker imports this same redtrace, wherever it was imported from.
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(redtrace.__file__).parents[1]), env.get("PYTHONPATH")]))
        self._errors = tempfile.TemporaryFile()
        self._proc = subprocess.Popen([sys.executable, "-m", "redtrace.names.worker"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=self._errors, env=env)
        # A thread feeds the pipe: the worker reads each object only when it is ready for it.
        self._inbox: queue.Queue = queue.Queue()
        threading.Thread(target=self._feed, daemon=True).start()
        self._inbox.put(watchlist)

    def _feed(self) -> None:
        try:
            with self._proc.stdin:
                while (item := self._inbox.get()) is not None:
                    pickle.dump(item, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                    self._proc.stdin.flush()
        except BrokenPipeError:  # the worker died before reading its input; its error says why
            pass

    def send(self, parties: pd.DataFrame) -> None:
        self._inbox.put(parties)
        self._inbox.put(None)

    def result(self) -> pd.DataFrame:
        with self._proc.stdout:
            out = self._proc.stdout.read()
        if self._proc.wait() != 0 or not out:
            self._errors.seek(0)
            raise RuntimeError(f"name screening failed (exit code {self._proc.returncode}):\n{self._errors.read().decode(errors='replace')}")
        self._errors.close()
        return pickle.loads(out)

    def close(self) -> None:
        """Stop the worker if it is still running (the caller failed before it needed the hits)."""
        self._inbox.put(None)
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc.stdout.close()
        self._errors.close()


def main() -> None:
    matcher = Matcher(pickle.load(sys.stdin.buffer))
    parties = pickle.load(sys.stdin.buffer)
    pickle.dump(screen(parties, matcher), sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()
    # The hits are out: tearing the interpreter down would free the index, the caches and
    # rigour's name data object by object (about 0.7 s of CPU at 1M) for nothing.
    os._exit(0)


if __name__ == "__main__":
    main()
