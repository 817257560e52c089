"""Writing results: the contract's output files."""
