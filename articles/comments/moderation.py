"""Signals that a reader's comment is spam, and the keyed hash that stands in for the client's IP."""

import hashlib
import hmac
import re

from django.conf import settings

_link = re.compile(r"https?://|www\.", re.IGNORECASE)


def client_hash(ip):
    """A keyed hash of the client address: comparable between comments, useless for finding the reader."""
    if not ip:
        return ""
    key = hashlib.sha256(b"comment-client:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()


def spam_reasons(*, body, honeypot=""):
    """Why a submission looks like spam; empty when it does not."""
    reasons = []
    if honeypot:
        reasons.append("the hidden website field was filled in")
    if len(_link.findall(body)) > settings.COMMENTS_MAX_LINKS:
        reasons.append(f"more than {settings.COMMENTS_MAX_LINKS} links")
    lowered = body.casefold()
    blocked = [word for word in settings.COMMENTS_BLOCKED_WORDS if word.strip() and word.casefold() in lowered]
    if blocked:
        reasons.append(f"blocked words: {', '.join(blocked)}")
    return reasons
