"""Test-run environment: set before pytest-django loads the settings."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
# The suite talks plain HTTP to the test client; production keeps the redirect on.
os.environ.setdefault("SECURE_SSL_REDIRECT", "off")
