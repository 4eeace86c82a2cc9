from rest_framework import permissions

from articles.editorial import policy


class IsModerator(permissions.BasePermission):
    """Answered by the editorial policy, before the comment is looked up (so a stranger learns nothing)."""

    message = "Only moderators and editors may moderate comments."

    def has_permission(self, request, view):
        return policy.allows(request.user, policy.Action.MODERATE_COMMENTS)


class IsStaff(permissions.BasePermission):
    message = "Only newsroom staff may do this."

    def has_permission(self, request, view):
        return request.user.is_authenticated and request.user.is_staff
