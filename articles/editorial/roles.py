"""The newsroom's roles: which model permissions each group holds.

Applied by a data migration; change here and add a migration that calls ``sync_groups``.
"""

WRITER, EDITOR, MODERATOR = "Writer", "Editor", "Moderator"

ROLE_PERMISSIONS = {
    WRITER: {
        "articles.article": ["add", "change", "view"],
        "articles.articleauthor": ["add", "change", "delete", "view"],
        "articles.articleimage": ["view"],
        "articles.image": ["add", "change", "view"],
        "articles.section": ["view"],
        "articles.tag": ["add", "view"],
        "articles.revision": ["view"],
        "articles.statechange": ["view"],
        "articles.correction": ["view"],
        "authors.author": ["view"],
    },
    EDITOR: {
        "articles.article": ["add", "change", "delete", "view", "publish"],
        "articles.articleauthor": ["add", "change", "delete", "view"],
        "articles.articleimage": ["view"],
        "articles.image": ["add", "change", "delete", "view"],
        "articles.section": ["add", "change", "delete", "view"],
        "articles.tag": ["add", "change", "delete", "view"],
        "articles.comment": ["change", "delete", "view"],
        "articles.revision": ["view"],
        "articles.statechange": ["view"],
        "articles.correction": ["add", "view"],
        "articles.slugredirect": ["view"],
        "authors.author": ["add", "change", "view"],
        "authors.authorlink": ["add", "change", "delete", "view"],
    },
    MODERATOR: {
        "articles.comment": ["change", "delete", "view"],
        "articles.article": ["view"],
    },
}


def sync_groups(apps):
    """Create the groups and give each exactly the permissions listed above."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for model_label, actions in grants.items():
            app_label, model = model_label.split(".")
            permissions += Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model=model,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        group.permissions.set(permissions)
