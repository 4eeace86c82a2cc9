"""IPTC ninjs 2.2 news item for an article (stub; see tests/articles/test_ninjs.py)."""


def news_item(article):
    return {"uri": article["url"]}
