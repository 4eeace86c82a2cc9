"""Named shapes of article reads."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.content import search


class ArticleQuerySet(models.QuerySet):
    _known_count = None  # (the shape of the conditions it holds for, the count): see with_known_count

    def _clone(self):
        clone = super()._clone()
        clone._known_count = self._known_count
        return clone

    def with_known_count(self, count):
        """These articles, whose number is known already (a search's kept matches): count() answers it without a
        query for as long as no condition is added (ordering, slicing for a page and annotations keep it)."""
        clone = self._chain()
        clone._known_count = (clone._conditions(), count)
        return clone

    def _conditions(self):
        where = self.query.where
        return where.connector, where.negated, len(where.children)

    def count(self):
        if self._known_count and self._result_cache is None and not self.query.is_sliced:
            conditions, count = self._known_count
            if conditions == self._conditions():
                return count
        return super().count()

    def published(self, at=None):
        """Public now (or at ``at``): published with a publish time that has come (a future time means scheduled)."""
        return self.filter(self.public_now(at))

    def public_now(self, at=None):
        """The condition of ``published()``, to combine with others."""
        return Q(status=self.model.Status.PUBLISHED, published_at__lte=at or timezone.now())

    def for_listing(self):
        """The joins and prefetches a list of articles needs, so its query count never grows with its size."""
        from articles.models import ArticleAuthor

        # A list never shows the body (reading time comes from the stored word count).
        return self._with_related(bylines=ArticleAuthor.objects.select_related("author")).defer("body")

    def for_cards(self):
        """What a public list reads when each article's card is stored (articles.api.stored)."""
        return self.only("pk", "public_card", "updated_at", "published_at").with_comment_counts()

    def for_stored_detail(self):
        """What a public detail reads when the article's detail is stored (articles.api.stored)."""
        return self.only("pk", "slug", "public_detail", "updated_at", "published_at").with_comment_counts()

    def for_detail(self, *, byline_counts=True):
        """for_listing plus the authors' full profiles and the photos and embeds placed in the body;
        ``byline_counts=False``: each author's article count as 0, for a stored detail, which a read puts them in
        (counting per byline over many articles at once is slow: a minute for 500 at 100,000 on PostgreSQL)."""
        from articles.models import ArticleAuthor, ArticleEmbed, ArticleImage

        Author = apps.get_model("authors", "Author")
        count = Author.objects.article_count_of("author_id") if byline_counts else Value(0)
        bylines = (
            ArticleAuthor.objects.select_related("author")
            .prefetch_related("author__links")
            .annotate(author_article_count=count)
        )
        from articles.live.querysets import with_coverage

        placements = ArticleImage.objects.select_related("image")
        details = self._with_related(bylines=bylines).prefetch_related(
            Prefetch("placements", queryset=placements.order_by("position")),
            Prefetch("embed_placements", queryset=ArticleEmbed.objects.select_related("embed")),
            "corrections",
        )
        return with_coverage(details)

    def _with_related(self, *, bylines):
        return (
            self.defer("public_card", "public_detail")  # what they are made from is read instead
            .select_related("section", "featured_image")
            .prefetch_related(
                "tags",
                Prefetch("article_authors", queryset=bylines.order_by("position")),
            )
            .with_comment_counts()
        )

    SEARCH_MAX_WORDS, SEARCH_MAX_LENGTH = 32, 500

    @classmethod
    def check_search(cls, text):
        """A search the databases answer in bounded time (SQLite builds one condition per word)."""
        if len(text.split()) > cls.SEARCH_MAX_WORDS:
            raise ValidationError(f"Search with at most {cls.SEARCH_MAX_WORDS} words.")

    def search(self, text):
        """Full-text search over title, dek and body: the newest search.SHOWN matches (so the count stops there),
        on PostgreSQL the newest of them ranked (see search.py), found by one query run at once."""
        connection = connections[self.db]
        if connection.vendor == "postgresql":
            return search.ranked(self, text, config=search.stored_config(connection))
        matches = Q()
        for word in text.split():
            matches &= Q(title__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        return search.newest_only(self.filter(matches))

    def slug_taken(self, slug, *, by_other_than=None):
        """Another article holds the slug: as its own, in an edit waiting to be published, or as an old address."""
        from articles.editorial.models import Revision, SlugRedirect

        others = self.exclude(pk=by_other_than)
        # A union of two lookups, not an OR across a join (which read every article, 237 ms at 100,000): the
        # slug's index, and the few articles with a waiting edit, each edit's slug read by its key (a subquery
        # the planner keeps as it is, where a join let it scan every revision for the slug in its JSON).
        waiting_slug = (
            Revision.objects.filter(pk=OuterRef("pending_revision_id")).order_by().values(slug=KT("content__slug"))
        )
        waiting = others.filter(pending_revision__isnull=False).annotate(waiting_slug=Subquery(waiting_slug))
        held = others.filter(slug=slug).values("pk").union(waiting.filter(waiting_slug=slug).values("pk")).exists()
        return held or SlugRedirect.objects.filter(old_slug=slug).exclude(article_id=by_other_than).exists()

    def visible_to(self, user):
        """What ``user`` may read in any state, as the editorial policy says."""
        from articles.editorial import policy

        return policy.visible_articles(user, self)

    def count_for(self, relation, outer_ref="pk"):
        """Subquery counting these articles per ``relation`` of the outer row (its id named ``outer_ref``):
        ``Section.objects.annotate(article_count=Article.objects.published().count_for("section"))``."""
        matching = (
            self.filter(**{relation: OuterRef(outer_ref)})
            .order_by()
            .values(relation)
            .annotate(count=Count("pk"))
            .values("count")
        )
        return Coalesce(Subquery(matching), 0)

    def next_publication_time(self):
        """When the next scheduled article goes public, or None: public caches must not outlive it."""
        upcoming = self.filter(status=self.model.Status.PUBLISHED, published_at__gt=timezone.now())
        return upcoming.aggregate(next=models.Min("published_at"))["next"]

    def by_author(self, slug):
        return self.filter(authors__slug=slug)

    def in_section(self, slug):
        return self.filter(section__slug=slug)

    def tagged(self, slug):
        return self.filter(tags__slug=slug)

    def with_comment_counts(self, statuses=("approved",)):
        """Annotate ``<status>_comment_count`` for each status (subqueries: no row multiplication)."""
        from articles.models import Comment

        def count(status):
            matching = Comment.objects.filter(article=OuterRef("pk"), status=status).order_by()
            return Coalesce(Subquery(matching.values("article").annotate(n=Count("pk")).values("n")), 0)

        return self.annotate(**{f"{status}_comment_count": count(status) for status in statuses})
