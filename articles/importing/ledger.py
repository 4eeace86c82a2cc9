"""The import's ledger: every WordPress item keyed on its id (``WordPressItem``), with the row it became, so that a
re-run updates and never duplicates; and the notes an item's import leaves for the report."""

from articles.models import Article, WordPressItem

Kind = WordPressItem.Kind


class ItemFailed(Exception):
    """This item cannot be imported; the message says why (the run goes on)."""


class Ledger:
    """What every part of the import shares: the site's rows of the ledger, and the item being imported."""

    site = ""
    note = None
    _current = None

    def _known(self, kind, wp_id):
        return WordPressItem.objects.filter(site=self.site, kind=kind, wp_id=str(wp_id)[:200]).first()

    def _remember(self, kind, wp_id, obj, record=None, **fields):
        """Write the ledger's row of ``wp_id``: ``record`` is the row already read for it, or None when there was
        none, so it is inserted without a second look (a concurrent run's row makes the constraint refuse it)."""
        if record is None:
            WordPressItem.objects.create(site=self.site, kind=kind, wp_id=str(wp_id)[:200], object_id=obj.pk, **fields)
            return
        record.object_id = obj.pk
        for name, value in fields.items():
            setattr(record, name, value)
        record.save(update_fields=["object_id", *fields, "imported_at"])

    def imported_article(self, item):
        """The article a post became, or None (not imported, or its import rolled back)."""
        record = self._known(Kind.POST, item.post_id)
        return Article.objects.filter(pk=record.object_id).first() if record else None

    def _tell(self, message):
        self.note(self._current, message)
