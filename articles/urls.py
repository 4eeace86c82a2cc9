from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    ArticleViewSet,
    ImageViewSet,
    ModerationCommentViewSet,
    PreviewView,
    SectionViewSet,
    TagViewSet,
)

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("sections", SectionViewSet, basename="section")
router.register("tags", TagViewSet, basename="tag")
router.register("moderation/comments", ModerationCommentViewSet, basename="moderation-comment")
router.register("images", ImageViewSet, basename="image")

urlpatterns = [
    path("preview/<str:token>/", PreviewView.as_view(), name="preview"),
    *router.urls,
]
