"""Django's file cache, counting its folder once every ``CULL_EVERY`` writes of a process instead of before each.

Django's ``FileBasedCache`` lists the whole folder before every write to see whether it must cull: with thousands
of entries (a response and a tag version per article read) that listing was most of a save's cost, as every save
of public content writes its tags' versions, and 93 % of a WordPress import's CPU. The folder may now hold up to
``CULL_EVERY`` writes per process past ``MAX_ENTRIES`` before a third of it goes.
"""

import itertools

from django.core.cache.backends import filebased


class FileBasedCache(filebased.FileBasedCache):
    CULL_EVERY = 100

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = itertools.count(1)

    def _cull(self):
        if next(self._writes) % self.CULL_EVERY == 0:
            super()._cull()
