from rest_framework.routers import SimpleRouter

from .views import AuthorViewSet

router = SimpleRouter()
router.register("authors", AuthorViewSet, basename="author")

urlpatterns = router.urls
