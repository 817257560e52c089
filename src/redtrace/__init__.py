"""redtrace: due diligence against illicit procurement, as software."""

__version__ = "0.1.0"
