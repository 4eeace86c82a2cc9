"""The export is read as a stream: memory stays flat however many posts it holds."""

import subprocess
import sys

from django.conf import settings

from bench.wordpress_export import generate

READ = """
import resource, sys
from articles.importing import wxr
items = sum(isinstance(entry, wxr.Item) for entry in wxr.read(sys.argv[1]))
print(items, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_while_reading(path):
    """Items read and the reading process's peak resident memory (KB): libxml2's own memory included."""
    done = subprocess.run(
        [sys.executable, "-c", READ, str(path)], capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
    )
    items, peak = done.stdout.split()
    return int(items), int(peak)


def test_reading_ten_times_the_posts_takes_no_more_memory(tmp_path):
    small = generate(tmp_path / "small", posts=300, photo_every=10_000)
    large = generate(tmp_path / "large", posts=3_000, photo_every=10_000)

    small_items, small_peak = peak_while_reading(small)
    large_items, large_peak = peak_while_reading(large)

    assert (small_items, large_items) == (300, 3_000)
    assert large.stat().st_size > 9 * small.stat().st_size > 9_000_000  # a tree of it would take far more than this
    assert large_peak < small_peak + 4_000, (small_peak, large_peak)
