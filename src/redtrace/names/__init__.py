"""Name normalisation, transliteration and watchlist matching."""
