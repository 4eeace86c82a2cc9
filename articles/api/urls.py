from django.urls import path
from rest_framework.routers import SimpleRouter

from articles.api.views.articles import ArticleViewSet
from articles.api.views.comments import ArticleCommentsView, ModerationCommentViewSet
from articles.api.views.fronts import FrontViewSet
from articles.api.views.images import ImageViewSet
from articles.api.views.live import (
    CoverageEndView,
    CoverageView,
    EntryCorrectionView,
    EntryDetailView,
    EntryListView,
)
from articles.api.views.previews import PreviewView
from articles.api.views.redirects import RedirectLookupView
from articles.api.views.taxonomy import SectionViewSet, TagViewSet
from articles.integrations.api import WebhookEndpointViewSet

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("sections", SectionViewSet, basename="section")
router.register("tags", TagViewSet, basename="tag")
router.register("moderation/comments", ModerationCommentViewSet, basename="moderation-comment")
router.register("images", ImageViewSet, basename="image")
router.register("fronts", FrontViewSet, basename="front")
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")

urlpatterns = [
    path("preview/<str:token>/", PreviewView.as_view(), name="preview"),
    path("redirects/", RedirectLookupView.as_view(), name="redirect-lookup"),
    path("articles/<str:slug>/comments/", ArticleCommentsView.as_view(), name="article-comments"),
    path("articles/<str:slug>/entries/", EntryListView.as_view(), name="article-entries"),
    path("articles/<str:slug>/entries/<int:id>/", EntryDetailView.as_view(), name="article-entry"),
    path(
        "articles/<str:slug>/entries/<int:id>/corrections/",
        EntryCorrectionView.as_view(),
        name="article-entry-corrections",
    ),
    path("articles/<str:slug>/coverage/", CoverageView.as_view(), name="article-coverage"),
    path("articles/<str:slug>/coverage/end/", CoverageEndView.as_view(), name="article-coverage-end"),
    *router.urls,
]
