"""Synthetic worlds: a legitimate economy with planted illicit procurement networks, and the truth.

`generate(out_dir, SynthConfig(...))` writes a dataset folder per the data contract, labels, a
watchlist and truth files; see `redtrace.synth.generate` for the layout.
"""

from redtrace.synth.config import TYPOLOGIES, SynthConfig
from redtrace.synth.generate import Summary, generate

__all__ = ["SynthConfig", "Summary", "TYPOLOGIES", "generate"]
