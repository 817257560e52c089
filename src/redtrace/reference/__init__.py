"""Reference data shipped with redtrace: controlled goods, NACE titles, high-risk places, indicators.

The facts live in ``reference/data/*.csv``, each row naming its public source; this package only
loads and looks them up. See docs/reference-data.md for what each file holds and where it comes from.
"""

from redtrace.reference.load import NAMES, load
from redtrace.reference.lookup import activity_fit, controlled_category, indicator, nace_title, place_risk

__all__ = ["NAMES", "load", "controlled_category", "nace_title", "indicator", "place_risk", "activity_fit"]
