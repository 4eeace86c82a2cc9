"""What text Newsroom stores: characters that XML (feeds, sitemaps, ninjs consumers) can carry."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# XML 1.0 allows tab, newline and carriage return, and nothing else below U+0020; nor lone surrogates,
# U+FFFE or U+FFFF.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# What no address (a URL, a path) holds as it is, even decoded: control characters (C0, DEL, C1) and what XML cannot
# carry. A URL as sent holds no whitespace either (a real one percent-encodes it); a decoded path may hold a space.
UNFIT_IN_ADDRESS = re.compile(f"[\x00-\x1f\x7f-\x9f]|{NOT_IN_XML.pattern}")
UNFIT_IN_URL = re.compile(rf"\s|{UNFIT_IN_ADDRESS.pattern}")


def strip_unstorable(text):
    """``text`` without the characters XML cannot carry (for output built from data stored before the check)."""
    return NOT_IN_XML.sub("", text) if text else text


@deconstructible
class XmlSafe:
    """Refuses text with a character XML cannot carry, naming it: a control character pasted from a word
    processor would otherwise break every feed that shows the text."""

    def __call__(self, value):
        if found := NOT_IN_XML.search(value or ""):
            raise ValidationError(
                f"This text contains a character that cannot be published (U+{ord(found.group()):04X}, "
                f"at position {found.start() + 1}); remove it.",
                code="unstorable_character",
            )

    def __eq__(self, other):
        return isinstance(other, XmlSafe)


xml_safe = XmlSafe()
