"""HTTP hardening around the Gradio apps, as plain ASGI middleware (Gradio runs on FastAPI).

- ``SecurityHeaders``: a Content-Security-Policy Gradio still works under, no framing,
  no referrer, no content sniffing, on every response.
- ``LoginGuard``: after ``LoginThrottle.max_failures`` failed logins from one client within
  the window, further logins from it are refused (429) until the oldest failure ages out.
  The refusal is the same whatever the user name, so it tells nothing about accounts.
- ``BodyLimit``: requests larger than the limit are refused (413) before the app reads them.
- ``PageScript``: one page gets a script added to its ``<head>`` (Gradio leaves its own
  ``head`` off a login page; the staff login needs one to show why a login was refused).
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from typing import Callable

# Gradio's page carries its configuration in inline scripts and runs the components'
# js_on_load through Function(), hence 'unsafe-inline' and 'unsafe-eval' for scripts; every
# source is still this server only, and nothing may frame the pages.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
)
MAX_LOGIN_FAILURES = 5
LOGIN_WINDOW_S = 300.0
# A question with all the history the library reads (POLICY_MAX_HISTORY_CHARS, 12,000 characters) is
# under 100 KB even escaped, and a chat of ten exchanges with its sources well under this; a
# bigger body is refused before anything parses it, so one client cannot stall the others.
MAX_REQUEST_BYTES = 128 * 1024
MAX_UPLOAD_BYTES = 6 * 1024 * 1024  # batch files are limited to 5 MB by Gradio; multipart adds a little
THROTTLED_MESSAGE = ("登录失败次数过多,请 {minutes} 分钟后再试。"
                     "Too many failed logins: try again in {minutes} minutes.")
TOO_LARGE_MESSAGE = "请求过大。Request too large."
_TRACKED_CLIENTS = 10_000  # beyond this, clients without a recent failure are forgotten first


class LoginThrottle:
    """Failed logins per client in a sliding window.

    ``retry_after`` is 0 while a client may try; otherwise the seconds until its oldest
    failure in the window ages out. ``clock`` is injected for tests.
    """

    def __init__(self, max_failures: int = MAX_LOGIN_FAILURES, window_s: float = LOGIN_WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, client: str) -> deque[float]:
        failures = self._failures.get(client, deque())
        horizon = self._clock() - self.window_s
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            self._failures.pop(client, None)
        return failures

    def retry_after(self, client: str) -> float:
        """Seconds this client must wait before it may try again (0: it may try now)."""
        failures = self._recent(client)
        if len(failures) < self.max_failures:
            return 0.0
        return max(failures[-self.max_failures] + self.window_s - self._clock(), 0.0)

    def failed(self, client: str) -> None:
        """Record a failed login."""
        if client not in self._failures and len(self._failures) >= _TRACKED_CLIENTS:
            for known in list(self._failures):
                self._recent(known)
        self._failures.setdefault(client, deque()).append(self._clock())

    def succeeded(self, client: str) -> None:
        """Forget a client's failures after a good login."""
        self._failures.pop(client, None)


async def _reply(send, status: int, detail: str, headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """ASGI middleware: ``SECURITY_HEADERS`` on every HTTP response, replacing any the app set."""

    def __init__(self, app) -> None:
        self.app = app
        self._names = {name.encode() for name, _ in SECURITY_HEADERS}
        self._headers = [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in self._names]
                message = {**message, "headers": kept + self._headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LoginGuard:
    """ASGI middleware: login posts (any path ending in ``/login``) go through a ``LoginThrottle``."""

    def __init__(self, app, throttle: LoginThrottle | None = None) -> None:
        self.app = app
        self.throttle = throttle or LoginThrottle()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].rstrip("/").endswith("/login"):
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("",))[0] or ""
        wait = self.throttle.retry_after(client)
        if wait > 0:
            minutes = max(1, math.ceil(wait / 60))
            await _reply(send, 429, THROTTLED_MESSAGE.format(minutes=minutes),
                         ((b"retry-after", str(math.ceil(wait)).encode()),))
            return
        status: list[int] = []

        async def send_noting_status(message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        await self.app(scope, receive, send_noting_status)
        if status and status[0] == 200:
            self.throttle.succeeded(client)
        elif status and 400 <= status[0] < 500:
            self.throttle.failed(client)


class BodyLimit:
    """ASGI middleware: bodies over ``max_bytes`` (``max_upload_bytes`` for file uploads) are refused with 413.

    A declared Content-Length is checked up front; a body sent without one is read here,
    up to the limit, before the app sees it.
    """

    def __init__(self, app, max_bytes: int = MAX_REQUEST_BYTES, max_upload_bytes: int = MAX_UPLOAD_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.max_upload_bytes if scope["path"].rstrip("/").endswith("/upload") else self.max_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                too_large = True
            if too_large:
                await _reply(send, 413, TOO_LARGE_MESSAGE)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                await _reply(send, 413, TOO_LARGE_MESSAGE)
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


class PageScript:
    """ASGI middleware: ``snippet`` inserted before ``</head>`` of the HTML served at ``path``.

    The request is passed on without Accept-Encoding, so the page comes back uncompressed
    and can be edited; every other request passes untouched.
    """

    def __init__(self, app, path: str, snippet: str) -> None:
        self.app = app
        self.path = path.rstrip("/")
        self.snippet = snippet.encode()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]}
        start: dict = {}
        chunks: list[bytes] = []

        async def send_edited(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            if dict(headers).get(b"content-type", b"").startswith(b"text/html"):
                body = body.replace(b"</head>", self.snippet + b"</head>", 1)
            await send({**start, "headers": headers + [(b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, send_edited)
