"""Reading and writing: datasets (validated against the contract), watchlists, FollowTheMoney."""
