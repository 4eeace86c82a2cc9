"""PostgreSQL's stored search vector (migration 0008) and the text search configuration it was built with.

The query must use the configuration the stored vector was built with, or stemmed words stop matching; and a
change of PUBLICATION_LANGUAGE rebuilds the vector (after ``migrate``), so the two always agree.
"""

import re

from django.conf import settings

TABLE, COLUMN = "articles_article", "search_vector"
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
