from tests.articles.embeds.provider import closed_port, oembed_provider  # noqa: F401  (fixtures)
