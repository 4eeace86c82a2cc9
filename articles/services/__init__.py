"""Writes that touch several rows: transactional, shared by the admin, the API and commands."""

from .comments import (
    CommentRefused,
    DuplicateComment,
    comment_approve,
    comment_mark_spam,
    comment_moderate,
    comment_reject,
    comment_submit,
)
from .editorial import (
    article_after_save,
    article_create,
    article_discard_revision,
    article_edit,
    article_publish_revision,
    article_restore,
    article_save,
    article_save_pending,
    article_transition,
    correction_add,
    revision_record,
)
from .images import (
    DuplicateImage,
    article_sync_images,
    image_create,
    image_store,
    placements_from_body,
    remove_stored_file,
    renditions_generate,
)
from .seeding import SeedImportResult, seed_import

__all__ = [
    "CommentRefused",
    "DuplicateComment",
    "comment_approve",
    "comment_mark_spam",
    "comment_moderate",
    "comment_reject",
    "comment_submit",
    "article_after_save",
    "article_create",
    "article_discard_revision",
    "article_edit",
    "article_publish_revision",
    "article_restore",
    "article_save",
    "article_save_pending",
    "article_transition",
    "correction_add",
    "revision_record",
    "DuplicateImage",
    "article_sync_images",
    "image_create",
    "image_store",
    "placements_from_body",
    "remove_stored_file",
    "renditions_generate",
    "SeedImportResult",
    "seed_import",
]
