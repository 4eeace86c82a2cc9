"""The benchmark: ``make bench`` (``python -m bench.run``); see README, "Benchmark"."""
