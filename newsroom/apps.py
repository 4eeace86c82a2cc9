from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project's own wiring, once every app is loaded."""

    name = "newsroom"

    def ready(self):
        from newsroom.invalidation import connect_public_content

        connect_public_content()
