"""The admin of each concern registers itself when imported: Django's autodiscovery imports this module."""

from articles.comments import admin as comments_admin  # noqa: F401
from articles.content import admin as content_admin  # noqa: F401
from articles.embeds import admin as embeds_admin  # noqa: F401
from articles.fronts import admin as fronts_admin  # noqa: F401
from articles.images import admin as images_admin  # noqa: F401
from articles.integrations import admin as integrations_admin  # noqa: F401
from articles.live import admin as live_admin  # noqa: F401
from articles.redirects import admin as redirects_admin  # noqa: F401
