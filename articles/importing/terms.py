"""WordPress's categories and tags as sections and tags: a post's first category is its section, the others and the
section's parent categories its tags."""

import html

from articles.importing.fields import term_slug
from articles.importing.ledger import Ledger
from articles.models import Section, Tag
from newsroom.text import strip_unstorable

NO_CATEGORY = {"uncategorized"}


class Terms(Ledger):
    """Needs ``category_parents`` and ``category_names`` (from the channel) and ``_terms`` (a cache), which the
    Importer sets."""

    def channel_term(self, term):
        if term.taxonomy == "category" and term.slug:
            self.category_parents[term.slug] = term.parent
            self.category_names[term.slug] = html.unescape(term.name)

    def _term_id(self, model, slug, name):
        """The section or tag of a WordPress term, by its slug: made the first time a post names it."""
        key = (model, term_slug(slug, name))
        if key not in self._terms:
            term, _ = model.objects.get_or_create(
                slug=key[1], defaults={"name": strip_unstorable(html.unescape(name))[:100] or slug}
            )
            self._terms[key] = term.pk
        return self._terms[key]

    def _section_and_tags(self, item):
        categories = [(slug, name) for domain, slug, name in item.terms if domain == "category" and slug]
        tags = [(slug, name) for domain, slug, name in item.terms if domain == "post_tag" and slug]
        filed = [(slug, name) for slug, name in categories if slug not in NO_CATEGORY]
        section = None
        if filed:
            slug, name = filed[0]
            section = Section.objects.get(pk=self._term_id(Section, slug, name))
            # The section's parents and the post's other categories are kept as tags.
            parent, seen = self.category_parents.get(slug, ""), {slug}
            while parent and parent not in seen:
                seen.add(parent)
                tags.append((parent, self.category_names.get(parent, parent)))
                parent = self.category_parents.get(parent, "")
            tags += filed[1:]
        tag_ids = []
        for slug, name in tags:
            tag_ids.append(self._term_id(Tag, slug, name))
        return section, list(dict.fromkeys(tag_ids))
