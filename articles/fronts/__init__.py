"""Curated fronts: ordered slots of articles kept by editors, backfilled by a rule, composed at read time."""
