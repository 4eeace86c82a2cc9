"""PostgreSQL only: search reads a narrow table of its own and ranks with a small vector (see
articles/content/search.py).

- ``search_head``: a generated vector of title (A) and dek (B) on the article row, small enough to stay on it, for
  ranking;
- ``articles_articlesearch``: article id, time (publish time, else last save) and the full vector, one row per
  article, the vector out of line (``toast_tuple_target``) so that some 150 rows fit a page; GIN-indexed. A
  trigger keeps it in step with every write of the article's text or times, as the generated column is (bulk
  writes and raw SQL included); it is not a model, as the vector column is not one.

The article's own GIN index is no longer read, so it goes.
"""

from django.db import migrations

from articles.content.search import COLUMN, HEAD, NARROW, TABLE, stored_config, wanted_config


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    config = stored_config(connection) or wanted_config()
    schema_editor.execute(
        f"""
        ALTER TABLE {TABLE} ADD COLUMN {HEAD} tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('{config}', coalesce(title, '')), 'A') ||
            setweight(to_tsvector('{config}', coalesce(dek, '')), 'B')
        ) STORED
        """
    )
    schema_editor.execute(
        f"CREATE TABLE {NARROW} (article_id bigint PRIMARY KEY, sort_at timestamptz NOT NULL, vector tsvector) "
        "WITH (toast_tuple_target = 128)"
    )
    schema_editor.execute(
        f"INSERT INTO {NARROW} (article_id, sort_at, vector) "
        f"SELECT id, coalesce(published_at, updated_at), {COLUMN} FROM {TABLE}"
    )
    schema_editor.execute(f"CREATE INDEX article_search_narrow_idx ON {NARROW} USING gin (vector)")
    schema_editor.execute(
        f"""
        CREATE FUNCTION article_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                TRUNCATE {NARROW};
            ELSIF TG_OP = 'DELETE' THEN
                DELETE FROM {NARROW} WHERE article_id = OLD.id;
            ELSE
                INSERT INTO {NARROW} (article_id, sort_at, vector)
                VALUES (NEW.id, coalesce(NEW.published_at, NEW.updated_at), NEW.{COLUMN})
                ON CONFLICT (article_id) DO UPDATE SET sort_at = EXCLUDED.sort_at, vector = EXCLUDED.vector;
            END IF;
            RETURN NULL;
        END $$
        """
    )
    # Only writes of what the vector and the time are made of: storing a card or a count does not copy the vector.
    schema_editor.execute(
        f"CREATE TRIGGER article_search_write AFTER INSERT OR UPDATE OF title, dek, body, published_at, updated_at "
        f"OR DELETE ON {TABLE} FOR EACH ROW EXECUTE FUNCTION article_search_sync()"
    )
    schema_editor.execute(
        f"CREATE TRIGGER article_search_truncate AFTER TRUNCATE ON {TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION article_search_sync()"
    )
    schema_editor.execute("DROP INDEX IF EXISTS article_search_idx")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS article_search_write ON {TABLE}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS article_search_truncate ON {TABLE}")
    schema_editor.execute("DROP FUNCTION IF EXISTS article_search_sync()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {NARROW}")
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {HEAD}")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS article_search_idx ON {TABLE} USING gin ({COLUMN})")


class Migration(migrations.Migration):
    dependencies = [("articles", "0021_embeds")]

    operations = [migrations.RunPython(forwards, backwards)]
