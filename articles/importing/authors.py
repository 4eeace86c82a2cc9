"""WordPress's authors as Newsroom's authors (login-free, matched on re-runs by login), and a post's byline."""

import html

from articles.importing import wxr
from articles.importing.fields import plain_paragraphs, valid_email
from articles.importing.ledger import Kind, Ledger
from authors.models import Author
from newsroom.text import strip_unstorable


class Authors(Ledger):
    """Needs ``authors`` (login → wxr.Author, from the channel) and ``_author_ids`` (a cache), set by the Importer."""

    def channel_author(self, author):
        if author.login:
            self.authors[author.login] = author

    def _author_id(self, login, display_name=""):
        if login not in self._author_ids:
            self._author_ids[login] = self._author(login, display_name).pk
        return self._author_ids[login]

    def _author(self, login, display_name=""):
        record = self._known(Kind.AUTHOR, login)
        if record and (author := Author.objects.filter(pk=record.object_id).first()):
            return author
        exported = self.authors.get(login) or wxr.Author(login=login, display_name=display_name)
        name = strip_unstorable(html.unescape(exported.name))[:200] or login
        author = Author.objects.filter(slug=Author.slug_for(name)).first()  # one made by hand beforehand
        if author is None:
            author = Author.objects.create(
                name=name,
                slug=Author.unique_slug(name),
                email=valid_email(exported.email),
                bio=plain_paragraphs(exported.description),
            )
        self._remember(Kind.AUTHOR, login, author, record)
        return author

    def _byline(self, item):
        logins = [item.creator] if item.creator else []
        guests = {}
        for domain, nicename, name in item.terms:  # Co-Authors Plus: one "author" term per co-author
            if domain == "author":
                login = nicename.removeprefix("cap-") if nicename.removeprefix("cap-") in self.authors else name
                logins.append(login)
                guests[login] = html.unescape(name)
        return [self._author_id(login, guests.get(login, "")) for login in dict.fromkeys(filter(None, logins))]
