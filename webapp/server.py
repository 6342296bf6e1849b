"""Both apps on one server: the public chat at ``/`` and, only when a staff login is
configured, the staff pages at ``/staff`` behind it; hardening middleware around both.
"""

from __future__ import annotations

import logging
import threading
import time

from assistant import Assistant, AssistantError, FeedbackStore, Settings

from .chat import STATIC, Ask, build_chat, static_text
from .security import BodyLimit, LoginGuard, PageScript, SecurityHeaders
from .staff import build_staff
from .view import failure_message

log = logging.getLogger(__name__)

STAFF_PATH = "/staff"
STAFF_LOGIN_MESSAGE = "政策通工作人员页面:请输入账号和密码。"
_START_TIMEOUT_S = 30.0
# Off on both apps: the run history Gradio keeps in the browser (and its page), monitoring,
# the MCP server, the installable-app manifest and server-side rendering.
_GRADIO_OFF = dict(run_history=False, enable_monitoring=False, mcp_server=False, pwa=False, ssr_mode=False,
                   show_error=False)


def login_credentials(settings: Settings) -> tuple[str, str] | None:
    """The login pair when both username and password are set; none when neither; ValueError when one."""
    if settings.app_username and settings.app_password:
        return settings.app_username, settings.app_password
    if settings.app_username or settings.app_password:
        raise ValueError("POLICY_APP_USERNAME and POLICY_APP_PASSWORD must be set together (or neither).")
    return None


def guarded(assistant: Assistant) -> Ask:
    """``assistant.ask`` with unexpected failures turned into ``AssistantError`` (logged)."""

    def ask(question, history=()):
        try:
            return assistant.ask(question, history)
        except AssistantError:
            raise
        except Exception as exc:
            log.exception("answering failed")
            raise AssistantError(failure_message("zh")) from exc

    return ask


class WebApp:
    """The public chat and the staff pages over one assistant; ``serve`` puts them on a port."""

    def __init__(self, chat, staff) -> None:
        self.chat = chat
        self.staff = staff
        self._server = None
        self._thread: threading.Thread | None = None

    def asgi(self, credentials: tuple[str, str] | None):
        """The ASGI app: staff pages mounted only with ``credentials``, then the chat, then the middleware."""
        import gradio as gr
        from fastapi import FastAPI

        app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
        look = dict(theme=gr.themes.Default(primary_hue="blue"), css_paths=[STATIC / "app.css"],
                    head=static_text("head.html"))
        if credentials is not None:
            # mounted before the chat, whose mount at "/" would otherwise take every path
            gr.mount_gradio_app(app, self.staff, STAFF_PATH, auth=credentials, auth_message=STAFF_LOGIN_MESSAGE,
                                footer_links=[], max_file_size="5mb", **_GRADIO_OFF, **look)
            app.add_middleware(PageScript, path=STAFF_PATH, snippet=static_text("login-throttle.html"))
        gr.mount_gradio_app(app, self.chat, "/", footer_links=["api"], max_file_size="1mb", **_GRADIO_OFF, **look)
        app.add_middleware(BodyLimit)
        app.add_middleware(LoginGuard)
        app.add_middleware(SecurityHeaders)  # added last, so outermost: refusals carry the headers too
        return app

    def serve(self, host: str, port: int, credentials: tuple[str, str] | None, *, block: bool = True) -> None:
        """Serve on ``host:port``; with ``block=False`` return once the server is up (tests)."""
        import uvicorn

        config = uvicorn.Config(self.asgi(credentials), host=host, port=port, log_level="warning")
        server = uvicorn.Server(config)
        self._server = server
        staff = f"{STAFF_PATH}/ (staff login)" if credentials else "off: no staff login configured"
        log.info("serving http://%s:%s/ — staff pages %s", host, port, staff)
        if block:
            server.run()
            return
        self._thread = threading.Thread(target=server.run, name="web-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT_S
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise OSError(f"the web server did not start on {host}:{port}")
            time.sleep(0.01)

    def close(self) -> None:
        """Stop the server and both apps' queues."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
        for blocks in (self.chat, self.staff):
            blocks.close(verbose=False)


def build_app(assistant: Assistant, feedback_store: FeedbackStore) -> WebApp:
    """The web app over a prepared assistant and a feedback store."""
    ask = guarded(assistant)
    return WebApp(build_chat(assistant, ask, feedback_store), build_staff(ask, feedback_store))


def launch(app: WebApp, host: str, port: int, credentials: tuple[str, str] | None, *, block: bool = True) -> None:
    """Serve the app; with ``block=False`` return at once (tests)."""
    app.serve(host, port, credentials, block=block)
