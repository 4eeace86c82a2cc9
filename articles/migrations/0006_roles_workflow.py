from django.db import migrations


def sync_role_groups(apps, schema_editor):
    from articles.editorial.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    """Writers and editors read revisions and state changes; editors add corrections (articles.roles)."""

    dependencies = [("articles", "0005_workflow")]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
