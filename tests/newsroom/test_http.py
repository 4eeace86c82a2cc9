"""Outgoing HTTP bounded as a whole (newsroom.http), against real servers on 127.0.0.1 that answer a byte at a time."""

import socket
import time

import pytest

from newsroom import http
from tests.newsroom.trickle import answer_bytes, trickling


def ask(url, *, seconds=1.0, limit=10_000, cut=False):
    return http.request("GET", url, deadline=http.deadline_in(seconds), limit=limit, cut=cut)


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_server_sending_a_byte_at_a_time_is_cut_off_at_the_deadline(headers_too):
    with trickling(every=0.1, headers_too=headers_too) as url:
        started = time.monotonic()
        with pytest.raises(http.TooSlow):
            ask(url + "/slow", seconds=1.0)
        elapsed = time.monotonic() - started

    assert 0.9 < elapsed < 2.5  # a byte every 0.1 s for 200 bytes would take 20 s


def test_an_answer_in_time_is_read_whole():
    with trickling(every=0.001, answer=answer_bytes(b'{"ok": true}')) as url:
        answer = ask(url, seconds=5)

    assert (answer.status, answer.body, answer.complete) == (200, b'{"ok": true}', True)
    assert answer.headers["Content-Type"] == "application/json"


def test_a_body_past_the_limit_is_refused_whether_or_not_it_declares_its_length():
    with trickling(every=0, answer=answer_bytes(b"y" * 500)) as url:
        with pytest.raises(http.TooLarge) as declared:
            ask(url, limit=100)
    with trickling(every=0, answer=answer_bytes(b"y" * 500, content_length=False)) as url:
        with pytest.raises(http.TooLarge) as undeclared:
            ask(url, limit=100)

    assert (declared.value.declared, undeclared.value.declared) == (500, None)


def test_with_cut_a_body_past_the_limit_is_its_first_bytes():
    with trickling(every=0, answer=answer_bytes(b"z" * 500, content_length=False)) as url:
        answer = ask(url, limit=100, cut=True)

    assert (answer.body, answer.complete) == (b"z" * 100, False)


def test_nothing_listening_is_unreachable_and_a_bad_address_fails():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    with pytest.raises(http.Unreachable):
        ask(f"http://127.0.0.1:{closed_port}/")
    with pytest.raises(http.Failed, match="only http"):
        ask("ftp://127.0.0.1/")
