"""政策通 web chat: ``python app.py [--host 127.0.0.1] [--port 7860]``.

A thin entry point: read the settings, prepare the assistant, serve ``webapp``. The public
chat is open to everyone; the staff pages (batch answers, feedback records) are served at
``/staff`` only when POLICY_APP_USERNAME and POLICY_APP_PASSWORD are both set.
"""

import argparse
import logging
import os
import sys

from assistant import Assistant, AssistantError, FeedbackStore, Settings
from webapp import build_app, launch, login_credentials

log = logging.getLogger("app")

__all__ = ["build_app", "launch", "login_credentials", "main"]


def _terminal_progress(done: int, total: int, message: str) -> None:
    width = 30
    filled = width * done // total if total else width
    sys.stderr.write(f"\r建立索引 [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {message}   ")
    if total and done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="政策通 web chat")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port to listen on (default 7860)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    settings = Settings.from_env()
    try:
        credentials = login_credentials(settings)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if credentials is None:
        log.info("no staff login configured: the staff pages (batch answers, feedback records) are not served")
    try:
        assistant = Assistant.from_settings(settings)
        print("准备索引(首次运行需要建立,请稍候)…", file=sys.stderr)
        status = assistant.prepare(progress=_terminal_progress)
    except AssistantError as exc:
        print(f"error: {exc.user_message} {exc}", file=sys.stderr)
        return 1
    print(f"索引:{status.state} {status.location} {status.reason}".rstrip(), file=sys.stderr)
    launch(build_app(assistant, FeedbackStore.in_directory(settings.data_dir)), args.host, args.port, credentials)
    return 0


if __name__ == "__main__":
    sys.exit(main())
