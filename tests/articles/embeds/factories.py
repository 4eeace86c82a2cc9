from articles.embeds.services import article_sync_embeds


def embed_html(url):
    return f'<figure data-embed="{url}"></figure>'


def place_embeds(article, *urls):
    """The article's body with these embeds after its text, saved and synced as a save would."""
    article.body = article.body + "".join(embed_html(url) for url in urls)
    article.save()
    article_sync_embeds(article=article)
    return article
