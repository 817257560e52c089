"""The compliance officer's review API over a screen's output folder (see docs/api.md)."""

from redtrace.api.app import create_app

__all__ = ["create_app"]
