"""The browser tests' guard (helpers/guard.py): a request to another host is caught whether the
guard routes a context's requests or only watches them, and in neither case is it answered,
even by a host name that leads back to this machine."""

from __future__ import annotations

import socket

import pytest
from helpers.guard import PageGuard
from helpers.server import serve_directory

pytestmark = pytest.mark.browser


def _local_name() -> str:
    """This machine's name, if it resolves to a loopback address (the server listens there)."""
    name = socket.gethostname()
    try:
        if socket.gethostbyname(name).startswith("127.") and name != "localhost":
            return name
    except OSError:
        pass
    pytest.skip(f"this machine's name {name!r} does not lead to a loopback address")


@pytest.mark.parametrize("route", [True, False], ids=["routing", "watching"])
def test_a_request_to_another_host_is_recorded_and_never_answered(browser, tmp_path, route):
    name = _local_name()
    (tmp_path / "pixel.png").write_bytes(b"")
    guard = PageGuard()
    context = browser.new_context()
    guard.attach(context, route=route)
    answered: list[str] = []
    try:
        page = context.new_page()
        page.on("requestfinished", lambda request: answered.append(request.url))
        with serve_directory(tmp_path) as url:
            other = url.replace("127.0.0.1", name) + "pixel.png"
            (tmp_path / "index.html").write_text(
                f'<!doctype html><html lang="en"><title>t</title><img src="{other}" alt="">',
                encoding="utf-8")
            page.goto(url + "index.html", wait_until="load")
    finally:
        context.close()
    assert guard.external_requests == [other]
    assert f"external request attempted: {other}" in guard.problems()
    assert other not in answered
