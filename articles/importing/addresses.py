"""A post's old addresses (permalink, ?p= address, old slugs) as redirects to its article, through the redirects'
own service; an editor's redirect at the same address is left as it is."""

from urllib.parse import unquote

from django.utils.text import slugify

from articles.editorial import policy
from articles.importing.ledger import Ledger
from articles.models import Article, Redirect, SlugRedirect
from articles.redirects.models import normalize_path, split
from articles.redirects.services import redirect_save


class Addresses(Ledger):
    """A post's old addresses, each answering 301 to its article."""

    def _addresses(self, item, article):
        """The post's permalink, its ?p= address and its old slugs answer with a 301 to the article."""
        paths = [normalize_path(item.link)] if item.link else []
        if item.guid and "?p=" in item.guid:
            paths.append(normalize_path(item.guid))
        current_slug = unquote(item.post_name)
        for old_slug in dict.fromkeys(unquote(slug) for slug in item.meta.get("_wp_old_slug", []) if slug):
            if current_slug and item.link and current_slug in unquote(split(item.link).path):
                paths.append(normalize_path(unquote(split(item.link).path).replace(current_slug, old_slug)))
            slug = slugify(old_slug, allow_unicode=True)[:300]
            if slug and slug != article.slug and not Article.objects.slug_taken(slug, by_other_than=article.pk):
                SlugRedirect.objects.get_or_create(old_slug=slug, defaults={"article": article})
        for path in dict.fromkeys(p for p in paths if p != "/"):
            redirect = Redirect.objects.filter(old_path=path).first()
            if redirect is not None and redirect.source != Redirect.Source.WORDPRESS:
                if redirect.article_id != article.pk:
                    self._tell(f"{path} is an editor's redirect already; left as it is")
                continue
            if redirect is not None and redirect.article_id == article.pk:
                continue
            redirect = redirect or Redirect(old_path=path, source=Redirect.Source.WORDPRESS)
            redirect.article, redirect.target_url = article, ""
            try:
                redirect_save(redirect=redirect, by=None)
            except policy.Refusal as refusal:
                self._tell(f"{path} cannot redirect: {refusal}")
