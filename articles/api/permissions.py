from rest_framework import permissions


def can_moderate(user):
    """Moderators, editors and superusers judge comments."""
    return user.has_perm("articles.change_comment")


class IsModerator(permissions.BasePermission):
    message = "Only moderators and editors may moderate comments."

    def has_permission(self, request, view):
        return request.user.is_authenticated and can_moderate(request.user)


class IsStaff(permissions.BasePermission):
    message = "Only newsroom staff may do this."

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.is_staff


class CanEditArticles(permissions.BasePermission):
    message = "Only writers and editors may do this."

    def has_permission(self, request, view):
        return request.user.has_perm("articles.change_article")
