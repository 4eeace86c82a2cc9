"""Live coverage: an article followed as it happens, a stream of entries posted by the reporters of its byline."""
