"""The export is read as a stream: memory stays flat however many posts it holds."""

import tracemalloc

from articles.importing import wxr
from bench.wordpress_export import generate


def peak_while_reading(path):
    tracemalloc.start()
    try:
        items = sum(isinstance(entry, wxr.Item) for entry in wxr.read(str(path)))
        return items, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_ten_times_the_posts_takes_no_more_memory(tmp_path):
    small = generate(tmp_path / "small", posts=200, photo_every=10_000)
    large = generate(tmp_path / "large", posts=2_000, photo_every=10_000)

    small_items, small_peak = peak_while_reading(small)
    large_items, large_peak = peak_while_reading(large)

    assert (small_items, large_items) == (200, 2_000)
    assert large.stat().st_size > 9 * small.stat().st_size
    assert large_peak < 2 * small_peak + 1_000_000, (small_peak, large_peak)
