"""A post's comments, threaded as they were, with their status, a private email, the IP only as its keyed hash, and
the text as plain text."""

import html

from django.utils import timezone

from articles.comments.moderation import client_hash
from articles.importing.fields import gmt, plain_paragraphs, valid_email
from articles.importing.ledger import Kind, Ledger
from articles.models import Comment
from newsroom.text import strip_unstorable

COMMENT_STATUS = {"1": Comment.Status.APPROVED, "0": Comment.Status.PENDING, "spam": Comment.Status.SPAM}


class Comments(Ledger):
    """A post's comments, keyed on their WordPress ids: made, updated when they changed, or left."""

    def _comments(self, item, article):
        exported = {c.id: c for c in item.comments if c.id}
        made = {}

        def imported_parent(comment):
            """The nearest ancestor imported (a reply to a trashed comment goes under the one above it)."""
            parent_id, seen = comment.parent, set()
            while parent_id and parent_id != "0" and parent_id not in seen:
                seen.add(parent_id)
                if parent_id in made:
                    return made[parent_id]
                parent_id = exported[parent_id].parent if parent_id in exported else None
            return None

        for comment in sorted(exported.values(), key=lambda c: (gmt(c.date_gmt, c.date) or timezone.now(), c.id)):
            if comment.type in ("pingback", "trackback") or comment.approved not in COMMENT_STATUS:
                continue
            made[comment.id] = self._comment(comment, article, imported_parent(comment))

    def _comment(self, comment, article, parent):
        fields = {
            "article": article,
            "parent": parent,
            "thread_id": parent.thread_root_id if parent else None,
            "author_name": strip_unstorable(html.unescape(comment.author)).strip()[:100] or "Anonymous",
            "author_email": valid_email(comment.email),
            "body": plain_paragraphs(comment.content),
            "status": COMMENT_STATUS[comment.approved],
            "ip_hash": client_hash(comment.ip),
        }
        record = self._known(Kind.COMMENT, comment.id)
        existing = Comment.objects.filter(pk=record.object_id).first() if record else None
        if existing is None:
            existing = Comment.objects.create(**fields)
            self._remember(Kind.COMMENT, comment.id, existing, record)
        elif any(getattr(existing, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(existing, name, value)
            existing.save()
        if created_at := gmt(comment.date_gmt, comment.date):
            Comment.objects.filter(pk=existing.pk).update(created_at=created_at)  # auto_now_add would say today
            existing.created_at = created_at
        return existing
