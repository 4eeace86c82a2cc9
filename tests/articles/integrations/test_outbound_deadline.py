"""Webhook and CDN requests are bounded as a whole: a receiver answering a byte at a time is cut off at the timeout."""

import time

import pytest

from articles.integrations import outbound
from tests.newsroom.trickle import answer_bytes, trickling


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_receiver_answering_a_byte_at_a_time_is_cut_off_at_the_timeout(headers_too):
    with trickling(every=0.1, headers_too=headers_too) as receiver:
        started = time.monotonic()
        answer = outbound.request("POST", f"{receiver}/hooks/", headers={}, body=b"{}", timeout=1)
        elapsed = time.monotonic() - started

    assert (answer.status, answer.error) == (None, "No complete answer within 1 s.")
    assert elapsed < 2.5 and answer.duration_ms < 2500  # 200 bytes a tenth of a second apart: 20 s at its pace


def test_a_long_answer_in_time_is_kept_to_its_first_characters():
    with trickling(every=0, answer=answer_bytes("é".encode() * 3000, content_length=False)) as receiver:
        answer = outbound.request("POST", f"{receiver}/hooks/", headers={}, body=b"{}", timeout=5, limit=10)

    assert (answer.status, answer.body, answer.error) == (200, "é" * 10, "")
