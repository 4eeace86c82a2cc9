"""One object of each model the admin registers, for the console test to open its pages: the factories of
tests/ where there are some, and small makers here for the rest (rows the system writes itself, such as sign-in
attempts, deliveries and purges, are written straight to their tables)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.editorial.roles import EDITOR
from articles.editorial.services import article_edit, revision_record
from articles.integrations import services as integrations
from articles.integrations.apikeys import api_key_create
from articles.integrations.tasks import purge_cdn
from articles.models import (
    ApiKey,
    Article,
    CdnPurge,
    Comment,
    Embed,
    Front,
    Image,
    LiveCoverage,
    Redirect,
    Section,
    Tag,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from articles.redirects.services import redirect_save
from authors.models import Author
from tests.articles.embeds.factories import EmbedFactory, place_embeds
from tests.articles.factories import (
    ArticleFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    figure_html,
)
from tests.articles.fronts.factories import FrontSlotFactory
from tests.articles.live.factories import LiveCoverageFactory, post
from tests.authors.factories import AuthorFactory


def _sign_in_records():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    who = {"user_agent": "Chromium", "ip_address": "192.0.2.1", "username": "someone", "http_accept": "*/*"}
    return {
        AccessAttempt: AccessAttempt.objects.create(
            **who, path_info="/admin/login/", get_data="", post_data="username=someone", failures_since_start=1
        ),
        AccessLog: AccessLog.objects.create(**who, path_info="/admin/login/"),
        AccessFailureLog: AccessFailureLog.objects.create(**who, path_info="/admin/login/"),
    }


def _token(user):
    from rest_framework.authtoken.models import Token, TokenProxy

    Token.objects.create(user=user)
    return {TokenProxy: TokenProxy.objects.get(user=user)}


def _task_result():
    from django_tasks_db.models import DBTaskResult

    purge_cdn.enqueue(["article-1"])  # a row of the database task queue
    return {DBTaskResult: DBTaskResult.objects.get()}


def one_of_each(boss):
    """``{model: object}`` for every model with an admin, made by ``boss`` (a superuser), with the article's
    other screens given something to show: a photo and an embed in its body, a pending revision, two revisions to
    compare, a comment, a live post."""
    photo = ImageFactory()
    author = AuthorFactory(user=boss)
    article = ArticleFactory(
        published=True, section=SectionFactory(), body=f"<p>Text.</p>{figure_html(photo)}", authors=[author]
    )
    article.tags.add(TagFactory())
    embed = EmbedFactory()
    place_embeds(article, embed.url)
    revision_record(article=article, by=boss)
    article_edit(article=article, by=boss, changes={"dek": "A new standfirst."})  # a pending revision
    coverage = LiveCoverageFactory(article=ArticleFactory(published=True, authors=[author]))
    post(coverage.article, boss, "The polls have closed.")
    endpoint = integrations.endpoint_create(by=boss, url="https://hooks.example.org/in", events=["article.published"])
    event = WebhookEvent.objects.create(type="ping", payload={"type": "ping"}, endpoint=endpoint)
    key, _ = api_key_create(by=boss, name="Front end", scopes=["read"])
    redirect = redirect_save(redirect=Redirect(old_path="/2024/03/old-post/", article=article), by=boss)
    objects = {
        Group: Group.objects.get(name=EDITOR),
        get_user_model(): boss,
        Author: author,
        Article: article,
        Image: photo,
        Section: article.section,
        Tag: article.tags.get(),
        Embed: embed,
        LiveCoverage: coverage,
        Comment: CommentFactory(article=article),
        Front: FrontSlotFactory(article=article).front,
        WebhookEndpoint: endpoint,
        WebhookDelivery: WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, attempt=1, response_status=200, succeeded=True, duration_ms=40
        ),
        ApiKey: key,
        CdnPurge: CdnPurge.objects.create(provider="cloudflare", tags=["article-1"], response_status=200),
        Redirect: redirect,
        **_sign_in_records(),
        **_token(boss),
        **_task_result(),
    }
    assert all(obj.pk is not None for obj in objects.values())
    return objects
