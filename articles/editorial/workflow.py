"""Who may do what to an article: the one place the admin and the API ask.

States: draft → in review → published (a future publish time means scheduled) → archived.
Writers create articles, edit their own drafts and send them to review; editors (the
``publish_article`` permission) do everything; moderators only read articles.
"""

from dataclasses import dataclass

from articles.models import Article

Status = Article.Status


class WorkflowError(Exception):
    """The change cannot be made."""


class NotAllowed(WorkflowError):
    """The user may not make this change."""


class InvalidTransition(WorkflowError):
    """The article's state does not allow this change."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    writer_may: bool  # a writer on an article in their byline; editors always may


TRANSITIONS = [
    Transition("submit", frozenset({Status.DRAFT}), Status.IN_REVIEW, writer_may=True),
    Transition("withdraw", frozenset({Status.IN_REVIEW}), Status.DRAFT, writer_may=True),
    Transition("publish", frozenset({Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED}), Status.PUBLISHED, False),
    Transition("unpublish", frozenset({Status.PUBLISHED}), Status.DRAFT, writer_may=False),
    Transition("archive", frozenset({Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED}), Status.ARCHIVED, False),
]
BY_NAME = {transition.name: transition for transition in TRANSITIONS}


def is_editor(user):
    return user.is_active and user.has_perm("articles.publish_article")


def in_byline(user, article):
    return article.pk is not None and article.authors.filter(user=user).exists()


def may_create(user):
    return user.is_active and user.has_perm("articles.add_article")


def may_edit(user, article):
    """Editors edit any article; a writer only a draft in their own byline."""
    if is_editor(user):
        return True
    return (
        user.is_active
        and user.has_perm("articles.change_article")
        and article.status == Status.DRAFT
        and in_byline(user, article)
    )


def may_hard_delete(user):
    return user.is_active and user.is_superuser


def transition(name):
    try:
        return BY_NAME[name]
    except KeyError:
        raise InvalidTransition(f"There is no action “{name}”.") from None


def transition_between(source, target):
    for candidate in TRANSITIONS:
        if source in candidate.sources and candidate.target == target:
            return candidate
    raise InvalidTransition(f"An article cannot go from {Status(source).label} to {Status(target).label}.")


def check(user, article, step):
    """Raise WorkflowError unless ``user`` may apply the transition ``step`` to ``article`` now."""
    if article.status not in step.sources:
        raise InvalidTransition(f"Cannot {step.name} an article that is {Status(article.status).label.lower()}.")
    if is_editor(user):
        return
    if step.writer_may and user.has_perm("articles.change_article") and in_byline(user, article):
        return
    raise NotAllowed(f"Only editors may {step.name} this article.")


def check_new(user, step):
    """Raise WorkflowError unless ``user`` may create an article straight into ``step``'s status."""
    if is_editor(user) or (step.writer_may and may_create(user)):
        return
    raise NotAllowed(f"Only editors may {step.name} this article.")


def allowed_targets(user, article=None):
    """The statuses ``user`` may move ``article`` (or a new one) to, its current one included."""
    if article is None:
        targets = [Status.DRAFT]
        for step in TRANSITIONS:
            if Status.DRAFT in step.sources:
                try:
                    check_new(user, step)
                except WorkflowError:
                    continue
                targets.append(step.target)
        return targets
    targets = [article.status]
    for step in TRANSITIONS:
        try:
            check(user, article, step)
        except WorkflowError:
            continue
        targets.append(step.target)
    return targets
