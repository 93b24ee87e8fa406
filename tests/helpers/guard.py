"""Record what a browser context does that a test must not allow.

Every request to a host other than 127.0.0.1/localhost is aborted and recorded; console
errors and uncaught page errors are collected. A test fails on any of them (see conftest).

Aborting means routing every request through the test, which also turns the browser's cache
off and doubles a page's load time. A test that only reads pages one after another may watch
instead (`attach(context, route=False)`): external requests are then recorded, and the
browser's own rule (conftest's CHROMIUM_ARGS: no host name resolves) keeps them off the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Route, WebSocketRoute

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about"})


def is_local_url(url: str) -> bool:
    """True for URLs that never leave the machine: 127.0.0.1/localhost, file:, data:, blob:."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.hostname in LOCAL_HOSTS


@dataclass
class PageGuard:
    """Blocks and records external requests; collects console and page errors."""

    allowed_console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def allow_console_errors(self, *substrings: str) -> None:
        """Accept console errors containing any of these substrings (e.g. a blocked Pyodide)."""
        self.allowed_console_errors.extend(substrings)

    def attach(self, context: BrowserContext, *, route: bool = True) -> None:
        """Guard a context: route its requests (or, `route=False`, record the external ones)
        and watch its current and future pages."""
        if route:
            context.route(re.compile(r".*"), self._route)
            context.route_web_socket(re.compile(r".*"), self._route_web_socket)
        else:
            context.on("request", lambda request: self._record(request.url))
            context.on("page", lambda page: page.on("websocket", lambda ws: self._record(ws.url)))
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def watch(self, page: Page) -> None:
        """Collect console errors and uncaught errors of one page."""
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def _record(self, url: str) -> None:
        if not is_local_url(url):
            self.external_requests.append(url)

    def problems(self) -> list[str]:
        """Everything that should fail the test, one line each."""
        lines = [f"external request attempted: {url}" for url in self.external_requests]
        lines += [f"page error: {message}" for message in self.page_errors]
        lines += [
            f"console error: {message}"
            for message in self.console_errors
            if not any(allowed in message for allowed in self.allowed_console_errors)
        ]
        return lines

    def _route(self, route: Route) -> None:
        url = route.request.url
        if is_local_url(url):
            route.fallback()
        else:
            self.external_requests.append(url)
            route.abort("blockedbyclient")

    def _route_web_socket(self, ws: WebSocketRoute) -> None:
        if is_local_url(ws.url):
            ws.connect_to_server()
        else:
            self.external_requests.append(ws.url)
            ws.close()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def _on_page_error(self, error: Error) -> None:
        self.page_errors.append(error.stack or error.message)
