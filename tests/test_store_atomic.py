"""Rules of index builds: atomic and verified, never deleting another's folder, safe when
read-only, one builder at a time.

A killed build is a builder in a child process that ends itself with ``os._exit`` (as
``kill -9`` would: no cleanup, no ``finally``) from the build's progress callback at the
phase named. A read-only folder is made so for real: by ``chmod`` when the tests do not
run as root, else by a read-only bind mount in a private mount namespace (root ignores
``chmod``); where neither is possible the read-only tests are skipped, not faked.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pytest

from assistant import Assistant, Settings
from assistant.retrieve.adapters import sentence_passages
from assistant.cli import main as cli_main
from assistant.errors import IndexLocationError
from assistant.retrieve.store import IndexStore

from conftest import REPO, HashEmbedder

QUESTIONS = ["科技保险在库产品达到多少个", "知识价值信用贷款最高能贷多少?", "黄鹤凌云计划",
             "种子基金和天使基金的亏损容忍度"]
PHASES = ["units", "sentences", "manifest", "switch"]

# A builder in a child process: imports and parses first, waits for the go file if given,
# then prepares (builds on first use) or rebuilds, and prints what it saw as one JSON line.
BUILDER = """
import json, os, sys, time
from assistant import Assistant, AssistantError, Settings
from assistant.corpus.load import load_corpus
from conftest import CORPUS_DIR, HashEmbedder
from test_store_atomic import answers

index_dir, action, stop_at, pause, go = sys.argv[1:6]
corpus = load_corpus(CORPUS_DIR)


class Embedder(HashEmbedder):
    def embed(self, texts, kind):
        time.sleep(float(pause))
        return super().embed(texts, kind)


def progress(done, total, message):
    units = len(corpus.units)
    if (stop_at == "units" and message == "embedding sentences"  # every unit record is written
            or stop_at == "sentences" and message == "embedding sentences" and done >= units + (total - units) * 2 // 3
            or stop_at == "manifest" and message.startswith("verifying")
            or stop_at == "switch" and message.startswith("switching")):
        os._exit(9)


if go:
    open(f"{go}.{os.getpid()}", "w").close()  # ready: the parent says go once every builder is
while go and not os.path.exists(go):
    time.sleep(0.005)
embedder = Embedder()
assistant = Assistant(Settings(index_dir=index_dir, data_dir=os.path.join(index_dir, os.pardir, "data")),
                      corpus=corpus, embedder=embedder)
try:
    status = assistant.rebuild_index(progress) if action == "build" else assistant.prepare(progress)
    print(json.dumps({"state": status.state, "reason": status.reason, "answers": answers(assistant),
                      "built": any(kind == "passage" for kind, _ in embedder.calls)}, ensure_ascii=False))
except AssistantError as exc:
    print(json.dumps({"error": type(exc).__name__, "message": str(exc)}, ensure_ascii=False))
"""


class OtherEmbedder(HashEmbedder):
    """The fake embedder under another model id: an index built with it is stale for HashEmbedder."""

    id = "fake:another-model"


def answers(assistant) -> list:
    """What a user reads and what the dense route ranks (ids and exact scores) for each question."""
    return [[assistant.ask(q).text, [[h.unit.id, h.score] for h in assistant.search(q, 10, retriever="dense")]]
            for q in QUESTIONS]


def rankings(answers_seen: list) -> list:
    """The part of ``answers`` the index alone decides, comparable across processes (a child
    loads the answer code afresh, which may have changed since this process loaded it)."""
    return json.loads(json.dumps([ranking for _, ranking in answers_seen]))


def start_builder(index_dir: Path, action: str = "prepare", stop_at: str = "", pause: float = 0.0,
                  go: Path | None = None, prefix: tuple[str, ...] = ()) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    return subprocess.Popen([*prefix, sys.executable, "-c", BUILDER, str(index_dir), action, stop_at, str(pause),
                             str(go or "")], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def outcome(child: subprocess.Popen) -> tuple[int, dict]:
    """A builder's exit code and what it printed (its stderr's tail when it printed nothing)."""
    out, err = child.communicate(timeout=300)
    lines = out.strip().splitlines()
    return child.returncode, (json.loads(lines[-1]) if lines else {"stderr": err[-3000:]})


def run_builder(index_dir: Path, **options) -> tuple[int, dict]:
    return outcome(start_builder(index_dir, **options))


def assistant_on(index_dir: Path, corpus) -> Assistant:
    return Assistant(Settings(index_dir=index_dir, data_dir=index_dir.parent / "data"), corpus=corpus,
                     embedder=HashEmbedder())


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry under ``folder``: a file's content hash and modification time, a folder's mtime."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir",
                                         p.stat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def flip_a_stored_vector(store: Path, corpus) -> None:
    """Flip the sign bit of one component of one sentence vector wherever Chroma keeps its bytes,
    as bit rot would: every file stays readable."""
    vector = np.asarray(HashEmbedder().embed([sentence_passages(corpus.unit("wuhan/8"))[-1]], "passage")[0], "<f4")
    needle, byte = vector.tobytes(), 4 * int(np.argmax(vector)) + 3
    flipped = 0
    for path in store.rglob("*"):
        if not path.is_file():
            continue
        data = bytearray(path.read_bytes())
        places = []
        at = data.find(needle)
        while at >= 0:
            places.append(at)
            at = data.find(needle, at + 1)
        for at in places:
            data[at + byte] ^= 0x80
        if places:
            path.write_bytes(bytes(data))
            flipped += len(places)
    assert flipped, "the vector's bytes were not found in the store"


@contextmanager
def read_only(folder: Path):
    """A command prefix under which ``folder`` cannot be written, even by root."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for path in modes:
            path.chmod(modes[path] & ~0o222)
        try:
            yield ()
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    prefix = ("unshare", "-m", "sh", "-c", 'mount --bind -o ro "$0" "$0" && exec "$@"', str(folder))
    probe = subprocess.run([*prefix, "sh", "-c", 'touch "$0/.probe" 2>/dev/null && exit 1 || exit 0', str(folder)],
                           capture_output=True) if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip("root without mount namespaces: no honest way to make a folder read-only here")
    yield prefix


@pytest.fixture(scope="module")
def intact_answers(corpus, tmp_path_factory):
    """The answers of an index built in one go, never interrupted."""
    assistant = assistant_on(tmp_path_factory.mktemp("intact") / "index", corpus)
    assert assistant.prepare().state == "ready"
    return answers(assistant)


@pytest.fixture
def index_dir(tmp_path):
    return tmp_path / "index"


@pytest.mark.parametrize("phase", PHASES)
def test_a_first_build_killed_at_any_phase_is_rebuilt_on_the_next_start(index_dir, corpus, intact_answers, phase):
    returncode, _ = run_builder(index_dir, stop_at=phase)
    assert returncode == 9
    assert IndexStore(index_dir, HashEmbedder()).status(corpus).state == "missing", "a cut build is never in use"
    assistant = assistant_on(index_dir, corpus)
    assert assistant.prepare().state == "ready"
    assert answers(assistant) == intact_answers
    assert [p for p in index_dir.parent.iterdir() if p.is_dir()] == [index_dir], "the cut build's folder is gone"


@pytest.mark.parametrize("phase", PHASES)
def test_a_rebuild_killed_at_any_phase_leaves_the_index_in_use_untouched(index_dir, corpus, intact_answers, phase):
    assistant_on(index_dir, corpus).prepare()
    before = snapshot(index_dir)
    returncode, _ = run_builder(index_dir, action="build", stop_at=phase)
    assert returncode == 9
    assert snapshot(index_dir) == before
    assistant = assistant_on(index_dir, corpus)
    assert assistant.prepare().state == "ready"
    assert answers(assistant) == intact_answers


def test_a_store_with_a_flipped_vector_byte_is_rebuilt(index_dir, corpus, intact_answers):
    assistant_on(index_dir, corpus).prepare()
    flip_a_stored_vector(index_dir, corpus)
    status = IndexStore(index_dir, HashEmbedder()).status(corpus)
    assert status.state == "damaged" and "checksum" in status.reason
    assistant = assistant_on(index_dir, corpus)
    assert assistant.prepare().state == "ready"
    assert answers(assistant) == intact_answers


def test_a_store_without_its_manifest_is_rebuilt(index_dir, corpus, intact_answers):
    assistant_on(index_dir, corpus).prepare()
    (index_dir / "manifest.json").unlink()
    assert IndexStore(index_dir, HashEmbedder()).status(corpus).state == "damaged"
    assistant = assistant_on(index_dir, corpus)
    assert assistant.prepare().state == "ready"
    assert answers(assistant) == intact_answers


def test_a_store_built_before_the_marker_existed_is_rebuilt_in_place(index_dir, corpus, intact_answers):
    assistant_on(index_dir, corpus).prepare()
    for own in (".policy-index", "manifest.json"):  # what an older version's store lacks
        (index_dir / own).unlink()
    status = IndexStore(index_dir, HashEmbedder()).status(corpus)
    assert status.state == "stale" and "older version" in status.reason
    assistant = assistant_on(index_dir, corpus)
    assert assistant.prepare().state == "ready"
    assert answers(assistant) == intact_answers


def test_a_folder_holding_a_users_file_is_never_deleted(index_dir, corpus):
    index_dir.mkdir()
    (index_dir / "notes.txt").write_text("keep me")
    (index_dir / "chroma.sqlite3").write_bytes(b"not a database" * 100)
    before = snapshot(index_dir)
    with pytest.raises(IndexLocationError, match="POLICY_INDEX_DIR") as raised:
        assistant_on(index_dir, corpus).prepare()
    assert "notes.txt" in str(raised.value)
    assert snapshot(index_dir) == before


def test_a_store_a_user_put_a_file_in_is_not_deleted_by_a_rebuild(index_dir, corpus):
    assistant_on(index_dir, corpus).prepare()
    (index_dir / "notes.txt").write_text("keep me")
    before = snapshot(index_dir)
    with pytest.raises(IndexLocationError, match="notes.txt"):
        IndexStore(index_dir, OtherEmbedder()).ensure(corpus)
    assert snapshot(index_dir) == before


def test_an_index_dir_that_is_a_file_is_the_operators_error_not_a_traceback(tmp_path, corpus, monkeypatch, capsys):
    a_file = tmp_path / "index"
    a_file.write_text("not a folder")
    with pytest.raises(IndexLocationError, match="is a file"):
        assistant_on(a_file, corpus).prepare()
    monkeypatch.setenv("POLICY_INDEX_DIR", str(a_file))
    for action in ("status", "build"):
        assert cli_main(["index", action]) == 1
        err = capsys.readouterr().err
        assert "POLICY_INDEX_DIR" in err and "is a file" in err and "Traceback" not in err
    assert a_file.read_text() == "not a folder"


def test_a_read_only_intact_index_answers_and_nothing_is_written(index_dir, corpus, intact_answers):
    assistant_on(index_dir, corpus).prepare()
    before = snapshot(index_dir.parent)
    with read_only(index_dir.parent) as prefix:
        returncode, seen = run_builder(index_dir, prefix=prefix)
    assert returncode == 0 and seen.get("state") == "ready", seen
    assert "read-only" in seen["reason"]
    assert rankings(seen["answers"]) == rankings(intact_answers) and all(text for text, _ in seen["answers"])
    assert snapshot(index_dir.parent) == before


def test_a_read_only_damaged_index_is_a_clear_error(index_dir, corpus):
    assistant_on(index_dir, corpus).prepare()
    flip_a_stored_vector(index_dir, corpus)
    before = snapshot(index_dir.parent)
    with read_only(index_dir.parent) as prefix:
        returncode, seen = run_builder(index_dir, prefix=prefix)
    assert returncode == 0 and seen.get("error") == "IndexLocationError", seen
    assert "read-only" in seen["message"] and "POLICY_INDEX_DIR" in seen["message"]
    assert snapshot(index_dir.parent) == before


@pytest.mark.parametrize("action", ["prepare", "build"])
def test_two_builders_take_turns_and_the_second_finds_the_index_ready(index_dir, corpus, intact_answers, action):
    go = index_dir.parent / "go"
    builders = [start_builder(index_dir, action=action, pause=0.02, go=go) for _ in range(2)]
    deadline = time.monotonic() + 120
    while len(list(go.parent.glob("go.*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)  # both have started Python and parsed the corpus: they begin together
    go.touch()
    results = [outcome(b)[1] for b in builders]
    assert [r.get("state") for r in results] == ["ready", "ready"], results
    assert sorted(r["built"] for r in results) == [False, True], "exactly one of them built"
    assert rankings(results[0]["answers"]) == rankings(results[1]["answers"]) == rankings(intact_answers)


def test_a_store_deleted_under_a_running_assistant_is_rebuilt_on_request(index_dir, corpus, intact_answers):
    assistant = assistant_on(index_dir, corpus)
    assistant.prepare()
    shutil.rmtree(index_dir)
    assert assistant.rebuild_index().state == "ready"
    assert answers(assistant) == intact_answers
    assert assistant.rebuild_index().state == "ready", "and again"


def test_verifying_an_index_at_start_embeds_nothing(index_dir, corpus):
    IndexStore(index_dir, HashEmbedder()).build(corpus)
    embedder = HashEmbedder()
    assert IndexStore(index_dir, embedder).ensure(corpus).state == "ready"
    assert embedder.calls == []


@pytest.mark.slow
def test_a_server_index_switches_to_fresh_collections_and_drops_the_old(chroma_server, corpus):
    import chromadb

    url = urlparse(chroma_server)
    client = chromadb.HttpClient(host=url.hostname, port=url.port)
    assert IndexStore(Path("unused"), HashEmbedder(), url=chroma_server).ensure(corpus).state == "ready"
    before = {c.name for c in client.list_collections()}
    assert IndexStore(Path("unused"), OtherEmbedder(), url=chroma_server).build(corpus).state == "ready"
    after = {c.name for c in client.list_collections()}
    assert "policy_index" in before and "policy_index" in after and len(before) == len(after) == 3
    assert before & after == {"policy_index"}, "the replaced collections are deleted"
    assert IndexStore(Path("unused"), OtherEmbedder(), url=chroma_server).status(corpus).state == "ready"
    assert IndexStore(Path("unused"), HashEmbedder(), url=chroma_server).status(corpus).state == "stale"
