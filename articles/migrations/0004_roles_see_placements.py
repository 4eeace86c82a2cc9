from django.db import migrations


def sync_role_groups(apps, schema_editor):
    from articles.editorial.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    """Writers and editors see the photos placed in a body (articles.roles)."""

    dependencies = [("articles", "0003_comment_thread")]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
