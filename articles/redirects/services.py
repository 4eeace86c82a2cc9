"""Writing redirects (editors in the admin, the WordPress import as the system) and answering an old address."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.editorial import policy
from articles.editorial.policy import Action
from articles.models import Article, Redirect, SlugRedirect
from articles.redirects.models import MAX_PATH, normalize_path, path_problem, split
from newsroom.frontend import frontend_url
from newsroom.text import xml_safe


def _front_prefix():
    return "/" + urlsplit(settings.FRONTEND_URL).path.strip("/")


def _article_path_pattern():
    """The front end's article path (FRONTEND_ARTICLE_PATH) as a regular expression of normalised paths."""
    prefix = _front_prefix().rstrip("/")
    before, _, after = settings.FRONTEND_PATHS["article"].partition("{slug}")
    return re.compile(
        "^"
        + re.escape(normalize_path(prefix + before).rstrip("/") + "/")
        + "(?P<slug>[^/?]+)"
        + re.escape(after.rstrip("/"))
        + "$"
    )


def article_slug_at(path):
    """The slug in ``path`` when it is an article address of the front end, else None."""
    found = _article_path_pattern().match(normalize_path(path))
    return found["slug"] if found else None


def _check_text(value, field):
    try:
        xml_safe(value)
    except ValidationError as refusal:
        raise policy.Invalid(refusal.messages[0], field=field) from None


def _check_path(path, field):
    if problem := path_problem(path):
        raise policy.Invalid(problem, field=field)


def redirect_check(redirect):
    """Refuse a redirect that cannot work: no single target, an address out of bounds, a loop or a chain. The old
    address is checked as it is stored, decoded: ``/a%00/`` holds a NUL."""
    redirect.old_path = normalize_path(redirect.old_path)
    _check_path(redirect.old_path, "old_path")
    redirect.target_url = (redirect.target_url or "").strip()
    _check_text(redirect.target_url, "target_url")
    if len(redirect.old_path) > MAX_PATH:
        raise policy.Invalid(f"The old address is longer than {MAX_PATH} characters.", field="old_path")
    if redirect.old_path == "/":
        raise policy.Invalid("The front page cannot be redirected.", field="old_path")
    if bool(redirect.article_id) == bool(redirect.target_url):
        raise policy.Invalid(
            "Redirect either to an article or to an address, not both nor neither.", field="target_url"
        )
    target = split(redirect.target_url)
    if redirect.target_url and not (
        redirect.target_url.startswith("/") or (target.scheme in ("http", "https") and target.netloc)
    ):
        raise policy.Invalid("The address is a path on the front end (/…) or a full http(s) URL.", field="target_url")
    target_path = redirect.target_path
    if target_path == redirect.old_path:
        raise policy.Invalid("The redirect would send readers back to the address they asked for.", field="old_path")
    others = Redirect.objects.exclude(pk=redirect.pk)
    if target_path and (onward := others.filter(old_path=target_path).first()):
        raise policy.Invalid(
            f"{target_path} redirects on to {onward.location}: point this redirect there instead of making a chain.",
            field="article" if redirect.article_id else "target_url",
        )
    if slug := article_slug_at(redirect.old_path):
        if Article.objects.filter(slug=slug).exists():
            raise policy.Invalid(
                f"{redirect.old_path} is the address of an article; it cannot redirect.", field="old_path"
            )
    last_segment = redirect.old_path.rstrip("/").rsplit("/", 1)[-1]
    # Redirects to an address (no article), from their partial index; unordered, or the old_path index is read.
    pointing_here = others.filter(article__isnull=True, target_url__contains=last_segment).order_by()
    if leading := [other for other in pointing_here if other.target_path == redirect.old_path]:
        raise policy.Invalid(
            f"{leading[0].old_path} redirects to {redirect.old_path}: redirecting it on would make a chain; "
            "change that redirect instead.",
            field="old_path",
        )
    return redirect


@transaction.atomic
def redirect_save(*, redirect, by):
    """Save an editor's redirect (``by`` is the editor) or an import's (``by=None``: the system, from the shell)."""
    if by is not None:
        policy.check(by, Action.MANAGE_REDIRECTS)
    redirect_check(redirect)
    if redirect.pk is None:
        redirect.created_by = by
    redirect.save()
    return redirect


@transaction.atomic
def redirect_delete(*, redirect, by):
    """Remove a redirect: the old address answers 404 again."""
    policy.check(by, Action.MANAGE_REDIRECTS)
    redirect.delete()


@dataclass(frozen=True)
class Answer:
    path: str
    location: str
    status_code: int
    article: Article | None


def redirect_answer(path):
    """Where the front end should send a reader who asked for ``path``, or None: a redirect of the table (to a public
    article, or an address), else an old slug of a public article at the front end's article address. A path that
    decodes to a control character is refused (policy.Invalid on ``path``): no redirect can start there."""
    path = normalize_path(path)
    _check_path(path, "path")
    public = Article.objects.published()
    redirect = Redirect.objects.filter(old_path=path).select_related("article").first()
    if redirect is not None and (redirect.article_id is None or public.filter(pk=redirect.article_id).exists()):
        return Answer(path, redirect.location, redirect.status_code, redirect.article)
    if redirect is None and (slug := article_slug_at(path)):
        moved = SlugRedirect.objects.filter(old_slug=slug, article__in=public).select_related("article").first()
        if moved is not None:
            location = frontend_url("article", slug=moved.article.slug)
            return Answer(path, location, Redirect.Kind.PERMANENT, moved.article)
    return None
