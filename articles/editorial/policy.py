"""Who may do what to which article, and what an article needs to go live: the one answer.

The admin, the API, management commands and background jobs all ask here, through the services
(which call ``check`` themselves) or directly for what a screen offers (``allows``, ``visible_articles``).

Roles come from model permissions (``editorial.roles``): an *editor* holds ``publish_article``; a *writer*
holds ``change_article`` and works on articles whose byline names an author linked to their account;
a *moderator* holds ``change_comment``. Superusers hold every permission; only they delete for good.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.content.models import Article, ArticleAuthor

Status = Article.Status


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    UNPUBLISH = "unpublish"
    ARCHIVE = "archive"
    DELETE = "delete"
    DISCARD_PENDING = "discard_pending"
    RESTORE_REVISION = "restore_revision"
    ADD_CORRECTION = "add_correction"
    MAKE_PREVIEW = "make_preview"
    MODERATE_COMMENTS = "moderate_comments"
    CHANGE_FRONTS = "change_fronts"  # create, edit, reorder and delete curated fronts and their slots
    MANAGE_REDIRECTS = "manage_redirects"


class SiteAction(StrEnum):
    """Actions on the site's integrations, not on an article (outside the article parity matrix)."""

    MANAGE_WEBHOOKS = "manage_webhooks"
    MANAGE_API_KEYS = "manage_api_keys"
    EMBED = "embed"  # look up and refresh embeds (what a provider says of a URL)


class Refusal(Exception):
    """The change cannot be made; ``field`` names the part of the article it concerns, when one does."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


class NotAllowed(Refusal):
    """The user may not do this (HTTP 403)."""


class InvalidState(Refusal):
    """The article's state does not allow this now (HTTP 409)."""


class Invalid(Refusal):
    """What was sent cannot be accepted as it is (HTTP 400)."""


class Unpublishable(InvalidState):
    """The article lacks what it needs to go live; ``problems`` lists each, with its field."""

    def __init__(self, problems):
        super().__init__(" ".join(problem.message for problem in problems), field=problems[0].field)
        self.problems = problems


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset
    target: str


# The workflow's states and the steps between them; a publish on a published article is handled by the
# services (it puts a pending revision live, or moves a scheduled article's time).
TRANSITIONS = {
    Action.SUBMIT: Transition(Action.SUBMIT, frozenset({Status.DRAFT}), Status.IN_REVIEW),
    Action.WITHDRAW: Transition(Action.WITHDRAW, frozenset({Status.IN_REVIEW}), Status.DRAFT),
    Action.PUBLISH: Transition(
        Action.PUBLISH, frozenset({Status.DRAFT, Status.IN_REVIEW, Status.ARCHIVED}), Status.PUBLISHED
    ),
    Action.UNPUBLISH: Transition(Action.UNPUBLISH, frozenset({Status.PUBLISHED}), Status.DRAFT),
    Action.ARCHIVE: Transition(
        Action.ARCHIVE, frozenset({Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED}), Status.ARCHIVED
    ),
}
WRITER_ACTIONS = {
    Action.VIEW,
    Action.EDIT,
    Action.SUBMIT,
    Action.WITHDRAW,
    Action.RESTORE_REVISION,
    Action.MAKE_PREVIEW,
}


def is_editor(user):
    return user.is_active and user.has_perm("articles.publish_article")


def is_writer(user):
    return user.is_active and user.has_perm("articles.change_article") and not is_editor(user)


def may_moderate(user):
    return user.is_active and user.has_perm("articles.change_comment")


def in_byline(user, article):
    """Whether the article's byline names ``user``."""
    if article.pk is None or not user.is_authenticated:
        return False
    return _names(user, article, "article_authors")


def in_entry_byline(user, entry):
    """Whether the live entry's byline names ``user``."""
    if not user.is_authenticated:
        return False
    return _names(user, entry, "entry_authors")


def _names(user, instance, bylines):
    """Whether the byline ``instance.<bylines>`` names ``user``: from its prefetched rows when the caller read it with
    them (a screen asking for every button of a stream, answered once), else from the database. A service that must
    know who is in the byline *now* asks about an instance it has read again, without a prefetch."""
    prefetched = getattr(instance, "_prefetched_objects_cache", {}).get(bylines)
    if prefetched is None:
        return getattr(instance, bylines).filter(author__user=user).exists()
    return any(byline.author.user_id == user.pk for byline in prefetched)


def visible_articles(user, articles=None):
    """The articles ``user`` may read in any state: editors all, writers the public and their bylines,
    everyone else (moderators and readers included) what is public now."""
    articles = Article.objects.all() if articles is None else articles
    if user.is_authenticated and is_editor(user):
        return articles
    if user.is_authenticated and is_writer(user):
        own = Exists(ArticleAuthor.objects.filter(article=OuterRef("pk"), author__user=user))
        return articles.filter(articles.public_now() | own)
    return articles.published()


def transition_for(source, target):
    """The step that takes an article from ``source`` to ``target``."""
    for step in TRANSITIONS.values():
        if source in step.sources and step.target == target:
            return step.action
    raise InvalidState(f"An article cannot go from {Status(source).label} to {Status(target).label}.", field="status")


def check(user, action, article=None):
    """Raise NotAllowed or InvalidState unless ``user`` may do ``action`` to ``article`` (None: a new one) now."""
    if action in SITE_ACTIONS:
        return _check_site(user, SiteAction(action))
    action = Action(action)
    _check_role(user, action, article)
    if article is not None:
        _check_state(action, article)


def allows(user, action, article=None, *, whatever_its_state=False):
    """``check`` as a yes or no; ``whatever_its_state`` asks of the user's role alone (what a screen may offer)."""
    try:
        if whatever_its_state and action not in SITE_ACTIONS:
            _check_role(user, Action(action), article)
        else:
            check(user, action, article)
    except Refusal:
        return False
    return True


SITE_ACTIONS = frozenset(SiteAction)


def _check_site(user, action):
    """Webhook endpoints are for editors and superusers; API keys, which grant access, for superusers."""
    if not user.is_authenticated or not user.is_active:
        raise NotAllowed("Sign in first.")
    if action == SiteAction.MANAGE_WEBHOOKS and (user.is_superuser or is_editor(user)):
        return
    if action == SiteAction.MANAGE_API_KEYS and user.is_superuser:
        return
    if action == SiteAction.EMBED and (user.is_superuser or is_editor(user) or is_writer(user)):
        return
    raise NotAllowed(
        {
            SiteAction.MANAGE_WEBHOOKS: "Only editors and superusers manage webhooks.",
            SiteAction.MANAGE_API_KEYS: "Only superusers manage API keys.",
            SiteAction.EMBED: "Only writers and editors embed.",
        }[action]
    )


def _check_role(user, action, article):
    if not user.is_authenticated or not user.is_active:
        if action == Action.VIEW and article is not None and article.is_public:
            return
        raise NotAllowed("Sign in first.")
    if action == Action.DELETE:
        if user.is_superuser:
            return
        raise NotAllowed("Only superusers may delete an article for good; editors archive it.")
    if action == Action.MODERATE_COMMENTS:
        if may_moderate(user):
            return
        raise NotAllowed("Only moderators and editors may moderate comments.")
    if action == Action.CHANGE_FRONTS:
        if is_editor(user):
            return
        raise NotAllowed("Only editors change fronts.")
    if action == Action.MANAGE_REDIRECTS:
        if is_editor(user):
            return
        raise NotAllowed("Only editors manage redirects.")
    if action == Action.ADD_CORRECTION:
        if is_editor(user) and user.has_perm("articles.add_correction"):
            return
        raise NotAllowed("Only editors add corrections.")
    if is_editor(user):
        return
    if action == Action.VIEW and article is not None and (article.is_public or _writes(user, article)):
        return
    if action == Action.CREATE and user.has_perm("articles.add_article"):
        return
    if action in WRITER_ACTIONS and article is not None and _writes(user, article):
        if action in (Action.EDIT, Action.RESTORE_REVISION) and article.status != Status.DRAFT:
            raise NotAllowed("A writer edits only drafts; this one is with the editors now.")
        return
    raise NotAllowed(_REFUSED.get(action, f"You may not {action.replace('_', ' ')} this article."))


_REFUSED = {
    Action.VIEW: "No such article is visible to you.",
    Action.CREATE: "Your account may not create articles.",
    Action.EDIT: "You may not change this article: writers edit drafts in their own byline.",
    Action.RESTORE_REVISION: "You may not change this article: writers edit drafts in their own byline.",
    Action.MAKE_PREVIEW: "Preview links are for editors and the writers in the article's byline.",
    Action.DISCARD_PENDING: "Only editors may discard a pending revision.",
}


def _writes(user, article):
    return is_writer(user) and in_byline(user, article)


def _check_state(action, article):
    status = Status(article.status)
    if action in (Action.PUBLISH, Action.SCHEDULE) and status == Status.PUBLISHED:
        if action == Action.PUBLISH and article.is_public and not article.pending_revision_id:
            raise InvalidState("The article is published already and has no pending revision.", field="status")
    elif action in TRANSITIONS and status not in TRANSITIONS[action].sources:
        raise InvalidState(f"Cannot {action} an article that is {status.label.lower()}.", field="status")
    if action == Action.DISCARD_PENDING and not article.pending_revision_id:
        raise InvalidState("The article has no pending revision.")
    if action == Action.ADD_CORRECTION and not (article.published_at and article.published_at <= timezone.now()):
        raise InvalidState("Corrections go on articles that have been public.", field="new_correction")


def allowed_targets(user, article=None):
    """The statuses ``user`` may move ``article`` (or a new one, from draft) to, its current one included."""
    source = article.status if article is not None else Status.DRAFT
    targets = [source]
    for step in TRANSITIONS.values():
        if source not in step.sources or step.target in targets:
            continue
        if allows(user, step.action, article) if article is not None else allows_new(user, step.action):
            targets.append(step.target)
    return targets


def allows_new(user, action):
    """Whether ``user`` may create an article straight into the state ``action`` leads to."""
    if action in (Action.PUBLISH, Action.SCHEDULE, Action.ARCHIVE):
        return allows(user, Action.CREATE) and is_editor(user)
    return allows(user, Action.CREATE)


def check_byline(user, author_ids, *, own_author_id):
    """A byline names each author once; a writer stays in the byline of what they write, or the article would
    no longer be theirs."""
    if not is_editor(user) and own_author_id is None:
        raise NotAllowed("Your account has no author profile; ask an editor to link one.", field="authors")
    if not author_ids:
        raise Invalid("An article needs at least one author.", field="authors")
    if len(set(author_ids)) != len(author_ids):
        raise Invalid("An author appears twice in the byline.", field="authors")
    if not is_editor(user) and own_author_id not in author_ids:
        raise NotAllowed(
            "Keep yourself in the byline: a writer works on articles in their own byline.", field="authors"
        )


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    photos: tuple = ()  # the library photos it concerns, so a screen can link to each


def publish_problems(content):
    """Everything that keeps an article (as a revision's ``content``) from going live, each with its field."""
    from articles.content import body
    from articles.images.models import Image

    problems = []
    if not (content.get("title") or "").strip():
        problems.append(Problem("title", "An article needs a headline before it is published."))
    if not content.get("authors"):
        problems.append(Problem("authors", "An article needs at least one author before it is published."))
    # A placed photo's alt text is the placement's (typed in the editor's figure dialog), else the library's default.
    figures = body.placed_figures(content.get("body") or "")
    library = {image.file.name: image for image in Image.objects.by_names(f.image_name for f in figures)}
    placed = {}
    for figure in figures:
        image = library.get(figure.image_name)
        if image is not None and not figure.alt.strip() and not image.alt_text:
            placed.setdefault(image.pk, image)
    featured = Image.objects.filter(pk=content.get("featured_image_id"), alt_text="")
    for field, missing in (("body", list(placed.values())), ("featured_image", list(featured))):
        if labels := ", ".join(image.label for image in missing):
            where = "in the editor's figure dialog or in the library" if field == "body" else "in the library"
            message = f"Every photo needs alt text before the article is published; add it ({where}) to: {labels}."
            problems.append(Problem(field, message, photos=tuple((image.pk, image.label) for image in missing)))
    return problems


def check_publishable(content):
    if problems := publish_problems(content):
        raise Unpublishable(problems)


# --- Live coverage: the entries of an article followed as it happens -------------------------------------------------


class LiveAction(StrEnum):
    MANAGE_COVERAGE = "manage_coverage"  # make an article live coverage, set its start and end, end or reopen it
    POST_ENTRY = "post_entry"  # write a new entry, as a draft or straight into the stream
    VIEW_ENTRY_DRAFTS = "view_entry_drafts"
    EDIT_ENTRY = "edit_entry"  # change an entry's text and byline, publish a draft, take one back to draft
    DELETE_ENTRY = "delete_entry"
    MARK_KEY_EVENT = "mark_key_event"
    PIN_ENTRY = "pin_entry"
    CORRECT_ENTRY = "correct_entry"


# What a writer in the article's byline may do; the ones taking an entry only on entries in their own byline.
LIVE_WRITER_ACTIONS = {LiveAction.POST_ENTRY, LiveAction.VIEW_ENTRY_DRAFTS}
LIVE_WRITER_OWN_ENTRY_ACTIONS = {LiveAction.EDIT_ENTRY, LiveAction.DELETE_ENTRY, LiveAction.MARK_KEY_EVENT}

_LIVE_REFUSED = {
    LiveAction.MANAGE_COVERAGE: "Only editors start, schedule and end live coverage.",
    LiveAction.POST_ENTRY: "Live entries are posted by editors and the writers in the article's byline.",
    LiveAction.VIEW_ENTRY_DRAFTS: "Draft entries are for editors and the writers in the article's byline.",
    LiveAction.EDIT_ENTRY: "Writers change only their own entries; editors change any.",
    LiveAction.DELETE_ENTRY: "Writers delete only their own entries; editors delete any.",
    LiveAction.MARK_KEY_EVENT: "Writers mark only their own entries as key events; editors mark any.",
    LiveAction.PIN_ENTRY: "Only editors pin an entry.",
    LiveAction.CORRECT_ENTRY: "Only editors add corrections.",
}


def coverage_of(article):
    """The article's live coverage, or None."""
    return getattr(article, "live_coverage", None)


def check_live(user, action, article, entry=None):
    """Raise NotAllowed or InvalidState unless ``user`` may do ``action`` to the live coverage of ``article`` (and
    to its ``entry``, for the actions on one) now."""
    action = LiveAction(action)
    _check_live_role(user, action, article, entry)
    _check_live_state(action, article, entry)


def allows_live(user, action, article, entry=None, *, whatever_its_state=False):
    """``check_live`` as a yes or no (what a screen offers)."""
    try:
        if whatever_its_state:
            _check_live_role(user, LiveAction(action), article, entry)
        else:
            check_live(user, action, article, entry)
    except Refusal:
        return False
    return True


def _check_live_role(user, action, article, entry):
    if not user.is_authenticated or not user.is_active:
        raise NotAllowed("Sign in first.")
    if action == LiveAction.CORRECT_ENTRY:
        if is_editor(user) and user.has_perm("articles.add_correction"):
            return
        raise NotAllowed(_LIVE_REFUSED[action])
    if is_editor(user):
        return
    if _writes(user, article):
        if action in LIVE_WRITER_ACTIONS:
            return
        if action in LIVE_WRITER_OWN_ENTRY_ACTIONS and entry is not None and in_entry_byline(user, entry):
            return
    raise NotAllowed(_LIVE_REFUSED[action])


def _check_live_state(action, article, entry):
    coverage = coverage_of(article)
    if action == LiveAction.MANAGE_COVERAGE:
        return
    if coverage is None:
        raise InvalidState("This article is not live coverage; an editor makes it so first.")
    if article.status == Status.ARCHIVED and action in (LiveAction.POST_ENTRY, LiveAction.EDIT_ENTRY):
        raise InvalidState("The article is archived: its live coverage takes no more entries.")
    if entry is not None and entry.coverage_id != coverage.pk:
        raise Invalid("That entry belongs to another article.", field="entry")
    if action == LiveAction.PIN_ENTRY and entry is not None and not entry.is_published:
        raise InvalidState("Only a published entry can be pinned.", field="pinned")
    if action == LiveAction.CORRECT_ENTRY and entry is not None and not entry.is_published:
        raise InvalidState("Corrections go on published entries; edit a draft instead.", field="text")


def check_live_publish(coverage):
    """A new entry goes into the stream only while the coverage has not ended (drafts may still be written)."""
    if coverage.state() == coverage.State.ENDED:
        raise InvalidState("The live coverage has ended; an editor reopens it to post again.", field="status")
