from django.urls import path
from rest_framework.routers import SimpleRouter

from articles.api.views.articles import ArticleViewSet
from articles.api.views.comments import ArticleCommentsView, ModerationCommentViewSet
from articles.api.views.images import ImageViewSet
from articles.api.views.live import (
    CoverageEndView,
    CoverageView,
    EntryCorrectionView,
    EntryDetailView,
    EntryListView,
)
from articles.api.views.previews import PreviewView
from articles.api.views.taxonomy import SectionViewSet, TagViewSet

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("sections", SectionViewSet, basename="section")
router.register("tags", TagViewSet, basename="tag")
router.register("moderation/comments", ModerationCommentViewSet, basename="moderation-comment")
router.register("images", ImageViewSet, basename="image")

urlpatterns = [
    path("preview/<str:token>/", PreviewView.as_view(), name="preview"),
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
