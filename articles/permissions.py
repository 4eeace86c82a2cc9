def can_publish(user):
    """Editors and superusers publish, schedule and archive; writers only draft and submit."""
    return user.has_perm("articles.publish_article")
