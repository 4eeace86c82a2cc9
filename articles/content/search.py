"""PostgreSQL search: the stored vectors (migrations 0008 and 0022), the configuration they were built with, and
ranking.

The query must use the configuration the stored vector was built with, or stemmed words stop matching; and a
change of PUBLICATION_LANGUAGE rebuilds the vectors (after ``migrate``), so the two always agree.

What makes search slow at scale is neither matching nor ranking but reading the matches' article rows: the GIN
index finds every match in a millisecond or two, yet an article row is some 3 KB (two or three to a page, more than
PostgreSQL keeps in memory at 100,000 articles), so ordering 12,000 matches by publish time read 10,000 pages.
So the matching happens in a narrow table of its own, ``articles_articlesearch`` (article id, time, vector; the
vector out of line), kept in step with every write by a trigger, like the generated column it copies. A search:

- takes the newest ``SHOWN`` matches that pass the queryset's own filters (public now, a section, a staff
  member's policy…): the narrow table's matches sorted by time, each joined to its article until ``SHOWN`` have
  passed, so that the article rows read are about as many as the matches shown, not as the matches;
- ranks the ``RANKED`` newest of them by relevance, with ``ts_rank`` over a small vector of title (A) and dek (B)
  stored on the row (``search_head``), not the body's kilobytes: a headline that says it ranks above a story
  that mentions it; every other match follows, newest first.

Its count is therefore exact up to ``SHOWN`` and ``SHOWN`` past it (the pages end there), and its cost follows
``SHOWN``, not the number of matches. For news, where a reader searching "wildfires drought" wants this season's
stories before a better-worded one of years ago, recency is the better cut-off and tie-breaker anyway.
"""

import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import connections
from django.db.models import BigIntegerField, BooleanField, Expression, F, Func, Value
from django.db.models.functions import Cast, Coalesce

TABLE, COLUMN, HEAD, NARROW = "articles_article", "search_vector", "search_head", "articles_articlesearch"
RANKED = 200  # the newest matches ranked by relevance: the first 10 pages of 20
SHOWN = 500  # the newest matches a search holds (and counts): 25 pages of 20
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
    """(Re)create the stored vectors for ``config`` and fill the narrow table again from them."""
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the table cannot change with checks still pending
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {COLUMN}, DROP COLUMN IF EXISTS {HEAD}")
    schema_editor.execute(
        f"""
        ALTER TABLE {TABLE}
        ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{config}', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('{config}', coalesce(dek, '')), 'B') ||
            setweight(to_tsvector('{config}', coalesce(body, '')), 'C')
        ) STORED,
        ADD COLUMN {HEAD} tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{config}', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('{config}', coalesce(dek, '')), 'B')
        ) STORED
        """
    )
    schema_editor.execute(
        f"""
        DO $$ BEGIN
            IF to_regclass('{NARROW}') IS NOT NULL THEN
                TRUNCATE {NARROW};
                INSERT INTO {NARROW} (article_id, sort_at, vector)
                    SELECT id, coalesce(published_at, updated_at), {COLUMN} FROM {TABLE};
            END IF;
        END $$
        """
    )
    _configs.pop(schema_editor.connection.alias, None)


def follow_publication_language(using="default", **kwargs):
    """After ``migrate``: rebuild the stored vectors when PUBLICATION_LANGUAGE asks for another configuration."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql" or stored_config(connection) in (None, wanted_config()):
        return
    with connection.schema_editor() as schema_editor:
        build_vector(schema_editor, wanted_config())


class StoredVector(Expression):
    """A stored vector of the query's articles (PostgreSQL only, so not a model field).

    Unlike a RawSQL naming the table, it names the alias the articles have where it is compiled, so that a
    subquery reads its own rows' vector, not the outer query's.
    """

    output_field = SearchVectorField()

    def __init__(self, column=COLUMN):
        super().__init__()
        self.column = column

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []


def ranked(articles, text, *, config):
    """``articles`` matching ``text``: the SHOWN newest, of which the RANKED newest by relevance come first.

    One query runs at once: the narrow table's matches, sorted by time first (``OFFSET 0`` keeps that sort inside),
    joined to ``articles`` newest first until SHOWN have passed its filters, each with its rank. The queryset
    returned reads only those rows, in that order, so its pages cost what SHOWN does; its count is known.
    """
    filtered = articles.order_by().values("pk", head=StoredVector(HEAD))
    filtered_sql, filtered_params = filtered.query.get_compiler(using=articles.db).as_sql()
    tsquery = "websearch_to_tsquery(%s::regconfig, %s)"
    sql = (
        f"SELECT m.article_id, ts_rank(a.head, {tsquery}) FROM (SELECT article_id, sort_at FROM {NARROW} "
        f"WHERE vector @@ {tsquery} ORDER BY sort_at DESC, article_id DESC OFFSET 0) m "
        f"JOIN ({filtered_sql}) AS a (id, head) ON a.id = m.article_id "
        "ORDER BY m.sort_at DESC, m.article_id DESC LIMIT %s"
    )
    with connections[articles.db].cursor() as cursor:
        cursor.execute(sql, (config, text, config, text, *filtered_params, SHOWN))
        newest = cursor.fetchall()
    # sorted() is stable: candidates of equal rank stay newest first; the others follow in the window's order.
    ranked_ids = [pk for pk, _ in sorted(newest[:RANKED], key=lambda row: -row[1])]
    position = Coalesce(Func(_ids(ranked_ids), F("pk"), function="array_position"), Value(RANKED + 1))
    # alias, not annotate: the position decides the order but is not fetched.
    shown = articles.filter(AnyOf(F("pk"), [pk for pk, _ in newest])).alias(search_position=position)
    shown = shown.order_by("search_position", Coalesce("published_at", "updated_at").desc(), "-pk")
    return shown.with_known_count(len(newest))  # the page's count needs no query of its own


def _ids(ids):
    # As one text literal: the client binds parameters itself, and quotes a list element by element.
    return Cast(Value("{" + ",".join(map(str, ids)) + "}"), ArrayField(BigIntegerField()))


class AnyOf(Func):
    """``expression = ANY(ids)``: one parameter however many ids, looked up in the index (and hashed) like IN."""

    output_field = BooleanField()

    def __init__(self, expression, ids):
        super().__init__(expression, _ids(ids))

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="(%(expressions)s))", arg_joiner=" = ANY(", **extra)


def newest_only(matches):
    """Elsewhere (SQLite): the SHOWN newest ``matches``, in the queryset's own order."""
    newest = Coalesce("published_at", "updated_at").desc()
    return matches.filter(pk__in=matches.order_by(newest, "-pk").values("pk")[:SHOWN])
