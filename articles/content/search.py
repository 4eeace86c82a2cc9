"""PostgreSQL search: the stored vector (migration 0008), the configuration it was built with, and ranking.

The query must use the configuration the stored vector was built with, or stemmed words stop matching; and a
change of PUBLICATION_LANGUAGE rebuilds the vector (after ``migrate``), so the two always agree.

Ranking is what makes search slow at scale, not matching: the GIN index finds every match in about a
millisecond, but ``ts_rank`` must read each match's whole vector (title, dek and body: kilobytes, stored out of
line), so a query matching 2,000 of 100,000 articles spends tens of milliseconds fetching vectors only to show 20.
So only a bounded candidate set is ranked: the RANKED newest matches, found from the index and the publish times
alone. They come first, most relevant first; every older match follows, newest first. A search is never
incomplete (the count and the pages hold every match), its cost stops growing with the data, and for news,
where a reader searching "wildfires drought" wants this season's stories before a better-worded one of years
ago, recency is the better tie-breaker anyway.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db.models import Case, Expression, F, FloatField, Value, When
from django.db.models.functions import Coalesce

TABLE, COLUMN = "articles_article", "search_vector"
RANKED = 200  # the newest matches ranked by relevance: the first 10 pages of 20
_configs = {}  # per database alias: the configuration of the stored vector, read once per process


def wanted_config():
    return "english" if settings.PUBLICATION_LANGUAGE.startswith("en") else "simple"


def stored_config(connection):
    """The configuration the stored vector is generated with, or None where there is none."""
    if connection.alias not in _configs:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
                "ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = %s::regclass AND a.attname = %s",
                [TABLE, COLUMN],
            )
            row = cursor.fetchone()
        found = re.search(r"to_tsvector\('(\w+)'", row[0]) if row else None
        _configs[connection.alias] = found.group(1) if found else None
    return _configs[connection.alias]


def build_vector(schema_editor, config):
    """(Re)create the stored vector and its index for ``config``."""
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the table cannot change with checks still pending
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {COLUMN}")
    schema_editor.execute(
        f"""
        ALTER TABLE {TABLE} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{config}', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('{config}', coalesce(dek, '')), 'B') ||
            setweight(to_tsvector('{config}', coalesce(body, '')), 'C')
        ) STORED
        """
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS article_search_idx ON {TABLE} USING gin ({COLUMN})")
    _configs.pop(schema_editor.connection.alias, None)


def follow_publication_language(using="default", **kwargs):
    """After ``migrate``: rebuild the stored vector when PUBLICATION_LANGUAGE asks for another configuration."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql" or stored_config(connection) in (None, wanted_config()):
        return
    with connection.schema_editor() as schema_editor:
        build_vector(schema_editor, wanted_config())


class StoredVector(Expression):
    """The stored vector of the query's articles (PostgreSQL only, so not a model field).

    Unlike a RawSQL naming the table, it names the alias the articles have where it is compiled, so that the
    candidates' subquery reads its own rows' vector, not the outer query's.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(COLUMN)}", []


def ranked(articles, text, *, config):
    """``articles`` matching ``text``: the RANKED newest by relevance, then the others newest first."""
    # The stored, GIN-indexed vector, queried in the configuration it was built with.
    vector = StoredVector()
    query = SearchQuery(text, search_type="websearch", config=config)
    # alias, not annotate: the vector and rank decide the rows and their order but are not fetched.
    matches = articles.alias(search=vector).filter(search=query)
    # Staff lists hold drafts without a publish time: their last save stands in for it.
    newest = Coalesce("published_at", "updated_at").desc()
    candidates = matches.order_by(newest, "-pk").values("pk")[:RANKED]
    # CASE evaluates ts_rank for the candidates only; the others all rank below them (ts_rank is never negative).
    rank = Case(When(pk__in=candidates, then=SearchRank(vector, query)), default=Value(-1.0), output_field=FloatField())
    return matches.alias(search_rank=rank).order_by(F("search_rank").desc(), newest, "-pk")
