"""WordPress's sticky posts pinned to the top of a front (``--sticky-front``), through the fronts' own service and
as the editor named (``--editor``): the import writes articles as the system, but a front is an editor's choice."""

from articles.fronts.services import front_pin_articles
from articles.models import Front


def pin_sticky(*, front_slug, articles, by):
    """Pin ``articles`` (newest first, as WordPress lists sticky posts) to the front's top free pinned positions
    through ``front_pin_articles``: returns the front and each article's position (None: no position was free). The
    front is read now, not at the start of a long run, and its slots under its lock: an editor's change is kept."""
    return front_pin_articles(front=Front.objects.get(slug=front_slug), articles=articles, by=by)
