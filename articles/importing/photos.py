"""Attachments as library photos (caption, alt text, credit), and the photos a post places, found by attachment id or
address, else fetched: files from --uploads or their address, through the library's own upload checks."""

import re
from pathlib import Path
from urllib.parse import unquote

from django.core.files import File

from articles.images.services import DuplicateImage, image_create, image_store
from articles.importing.fetch import FetchFailed, fetch
from articles.importing.fields import plain
from articles.importing.ledger import ItemFailed, Kind, Ledger
from articles.models import Image, WordPressItem
from articles.redirects.models import split
from newsroom import uploads
from newsroom.text import strip_unstorable

PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
SIZE_SUFFIX = re.compile(r"-(?:\d+x\d+|scaled|e\d{10,})(?=\.\w+$)")


def _url_key(url):
    """An address without its scheme, so an http export and https files match."""
    parts = split((url or "").strip())
    return f"{parts.netloc.lower()}{unquote(parts.path)}"[:500]


def _credit(metadata):
    """The photographer from WordPress's serialised attachment metadata (image_meta's credit, else copyright)."""
    for key in ("credit", "copyright"):
        found = re.search(rf's:{len(key)}:"{key}";s:\d+:"([^"]*)";', metadata or "")
        if found and found.group(1).strip():
            return strip_unstorable(found.group(1).strip())
    return ""


class Photos(Ledger):
    """Needs ``uploads_dir`` (or None) and ``_unreachable`` (a set), which the Importer sets."""

    def _upload_file(self, relative, url):
        """The original from --uploads (by _wp_attached_file, or the address's path after wp-content/uploads/)."""
        if self.uploads_dir is None:
            return None
        names = [relative] if relative else []
        path = unquote(split(url).path)
        if "/uploads/" in path:
            names.append(path.split("/uploads/", 1)[1])
        for name in names:
            candidate = (self.uploads_dir / name.lstrip("/")).resolve()
            if candidate.is_relative_to(self.uploads_dir) and candidate.is_file():
                return candidate
        return None

    def _photo_file(self, relative, url):
        found = self._upload_file(relative, url)
        if found is not None:
            return File(found.open("rb"), name=found.name)
        if self.uploads_dir is not None and not url:
            raise ItemFailed(f"{relative} is not in the uploads folder and the export gives no address")
        name = Path(unquote(split(url).path)).name or "photo"
        try:
            return fetch(url, name=name)
        except FetchFailed as failure:
            raise ItemFailed(str(failure)) from None

    def _new_image(self, file, **fields):
        with file:
            try:
                return image_create(upload=file, **fields), True
            except DuplicateImage as duplicate:
                return duplicate.existing, False
            except uploads.UploadRejected as rejection:
                raise ItemFailed(f"the photo {file.name} was refused: {rejection}") from None

    def attachment(self, item):
        """An attachment as a library photo with its caption, alt text and credit: created, updated or unchanged."""
        record = self._known(Kind.ATTACHMENT, item.post_id)
        image = Image.objects.filter(pk=record.object_id).first() if record else None
        if image is not None and record.digest == item.digest:
            return "unchanged"
        url = item.attachment_url or item.guid
        relative = item.meta_value("_wp_attached_file")
        if Path(unquote(split(url).path) or relative).suffix.lower() not in PHOTO_EXTENSIONS:
            self._tell(f"attachment {item.post_id} is not a photo ({Path(url or relative).name}); not imported")
            return "skipped"
        fields = {
            "caption": plain(item.excerpt) or plain(item.content),
            "alt_text": plain(item.meta_value("_wp_attachment_image_alt"))[:300],
            "credit": _credit(item.meta_value("_wp_attachment_metadata"))[:200],
        }
        if image is None:
            image, _ = self._new_image(self._photo_file(relative, url), **fields)
            outcome = "created"
        else:
            for name, value in fields.items():
                setattr(image, name, value)
            image_store(image=image)
            outcome = "updated"
        self._remember(
            Kind.ATTACHMENT, item.post_id, image, record, guid=item.guid[:500], url=_url_key(url), digest=item.digest
        )
        return outcome

    def photo(self, number, src):
        """The library image of a photo in a post: its attachment, one at its address, or the file fetched now."""
        if number and (record := self._known(Kind.ATTACHMENT, number)):
            if image := Image.objects.filter(pk=record.object_id).first():
                return image
        if not src:
            return None
        for key in dict.fromkeys([_url_key(src), _url_key(SIZE_SUFFIX.sub("", src))]):
            record = WordPressItem.objects.filter(site=self.site, kind=Kind.ATTACHMENT, url=key).first()
            if record and (image := Image.objects.filter(pk=record.object_id).first()):
                return image
        record = self._known(Kind.PHOTO_URL, src)
        if record and (image := Image.objects.filter(pk=record.object_id).first()):
            return image
        if src in self._unreachable:
            return None
        try:
            image, _ = self._new_image(self._photo_file("", SIZE_SUFFIX.sub("", src)), alt_text="", caption="")
        except ItemFailed as failure:
            self._unreachable.add(src)  # asked once a run, not once a post
            self._tell(str(failure))
            return None
        self._remember(Kind.PHOTO_URL, src, image, record, url=_url_key(src))
        return image
