from rest_framework.routers import SimpleRouter

from .views import ArticleViewSet, ModerationCommentViewSet, SectionViewSet, TagViewSet

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("sections", SectionViewSet, basename="section")
router.register("tags", TagViewSet, basename="tag")
router.register("moderation/comments", ModerationCommentViewSet, basename="moderation-comment")

urlpatterns = router.urls
