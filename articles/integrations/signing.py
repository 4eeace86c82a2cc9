"""Standard Webhooks signatures (https://www.standardwebhooks.com/), made by the ``standardwebhooks`` package."""

import base64
import secrets
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook


def new_secret():
    """``whsec_`` and 32 random bytes in base64, the form Standard Webhooks verifiers take."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def signed_headers(*, message_id, body, secrets_in_force, at=None):
    """The three headers of a delivery; during a rotation ``webhook-signature`` carries one signature per secret."""
    at = at or datetime.now(UTC)
    signatures = [Webhook(secret).sign(message_id, at, body) for secret in secrets_in_force]
    return {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }
