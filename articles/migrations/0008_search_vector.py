"""PostgreSQL only: a stored, weighted full-text vector of title (A), dek (B) and body (C) with a GIN index.

A generated column keeps itself in step with every write, so no trigger or signal is needed; the model
does not declare it (SQLite has no such column) and ArticleQuerySet.search() reads it by name.
"""

from django.conf import settings
from django.db import migrations

TABLE = "articles_article"


def _config():
    return "english" if settings.PUBLICATION_LANGUAGE.startswith("en") else "simple"


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    config = _config()
    schema_editor.execute(
        f"""
        ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{config}', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('{config}', coalesce(dek, '')), 'B') ||
            setweight(to_tsvector('{config}', coalesce(body, '')), 'C')
        ) STORED
        """
    )
    schema_editor.execute(f"CREATE INDEX article_search_idx ON {TABLE} USING gin (search_vector)")


def remove_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_image_library")]

    operations = [migrations.RunPython(add_search_vector, remove_search_vector)]
