"""The embedded default's file cache: a write no longer lists the whole folder, and the folder stays bounded."""

from django.core.cache.backends.filebased import FileBasedCache as DjangosFileBasedCache

from newsroom.file_cache import FileBasedCache


def test_a_write_counts_the_folder_once_every_hundred_writes(tmp_path, monkeypatch):
    cache = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10_000}})
    listings = []
    listing = DjangosFileBasedCache._list_cache_files
    monkeypatch.setattr(DjangosFileBasedCache, "_list_cache_files", lambda self: listings.append(1) or listing(self))

    cache.set_many({f"tag:{n}": n for n in range(250)}, None)

    assert len(listings) == 2
    assert cache.get("tag:249") == 249


def test_the_folder_is_culled_past_its_limit(tmp_path):
    cache = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 150, "CULL_FREQUENCY": 3}})

    for n in range(400):
        cache.set(f"tag:{n}", n, None)

    assert len(list(tmp_path.iterdir())) <= 150 + FileBasedCache.CULL_EVERY
