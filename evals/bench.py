"""The benchmark: measured and printed, never asserted.

Answer latency over a set (a first pass, then a warm pass over the same questions), cold
start to a first answer in fresh ``python -m assistant ask`` processes (the median of a few,
with the machine's load), index build time, peak memory, and the naive baseline's query
latency in the same run.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from assistant import Assistant

from .baseline import TOP_K, NaiveBaseline
from .metrics import direct_answer, mean, percentile
from .questions import Question
from .runner import answer_question

REPO = Path(__file__).resolve().parent.parent


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _two_passes_ms(call: Callable[[Question], object], questions: Sequence[Question],
                   label: str = "") -> dict[str, list[float]]:
    """Milliseconds of ``call`` per question on a first pass and on a second, warm pass over the same set."""
    from tqdm import tqdm

    passes: dict[str, list[float]] = {"first": [], "warm": []}
    for name, latencies in passes.items():
        for question in tqdm(questions, desc=f"{label} ({name} pass)", unit="q", file=sys.stderr, disable=not label):
            started = time.perf_counter()
            call(question)
            latencies.append((time.perf_counter() - started) * 1000)
    return passes


def answer_latencies(assistant: Assistant, questions: Sequence[Question]) -> dict[str, list[float]]:
    """Milliseconds per answer (history passed as turns), first pass and warm pass."""
    return _two_passes_ms(lambda question: answer_question(assistant, question), questions, "answers")


def retrieval_latencies(assistant: Assistant, questions: Sequence[Question]) -> dict[str, list[float]]:
    """Milliseconds per fused search (top 10, follow-ups resolved), first pass and warm pass."""
    return _two_passes_ms(lambda question: assistant.search(question.question, 10, history=question.history), questions,
                          "retrieval")


def direct_answer_rate(assistant: Assistant, questions: Sequence[Question]) -> float | None:
    """Share of answerable questions whose every ``must_include`` group stands in the answer's lead."""
    asked = [q for q in questions if q.answerable and q.must_include]
    return mean(float(direct_answer(answer_question(assistant, q)[0].text, q.must_include)) for q in asked)


def baseline_latencies(baseline: NaiveBaseline, questions: Sequence[Question]) -> dict[str, list[float]]:
    """Milliseconds per top-4 similarity search of the naive baseline, first pass and warm pass."""
    return _two_passes_ms(lambda question: baseline.retrieve(question.question, k=TOP_K), questions, "baseline")


def _load_model(embedder) -> None:
    # The model loads on its first call; keep that out of every per-question timing.
    if embedder is not None:
        embedder.embed(["预热"], "query")


def _percentiles(passes: dict[str, list[float]]) -> dict[str, float | None]:
    return {f"{name}_{key}_ms": percentile(values, q) for name, values in passes.items()
            for key, q in (("p50", 50), ("p95", 95))}


# Run in a small launcher process: a child's peak RSS (ru_maxrss) starts at its parent's RSS
# when it is spawned, so measuring from the large bench process would report the bench's size.
_LAUNCHER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(json.loads(sys.argv[1]), capture_output=True)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "returncode": done.returncode,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stdout": done.stdout.decode("utf-8", "replace"),
                  "stderr": done.stderr.decode("utf-8", "replace")[-500:]}))
"""


COLD_RUNS = 3  # one fresh process is at the mercy of whatever else the machine runs


def _cold_run(question: str) -> dict[str, Any]:
    """One fresh ``python -m assistant ask QUESTION --json``, end to end, with its peak memory."""
    command = [sys.executable, "-m", "assistant", "ask", question, "--json"]
    launched = subprocess.run([sys.executable, "-c", _LAUNCHER, json.dumps(command)], cwd=REPO,
                              capture_output=True, text=True, check=True)
    child = json.loads(launched.stdout)
    out: dict[str, Any] = {"seconds": child["seconds"], "peak_rss_mb": child["maxrss_kb"] / 1024,
                           "exit_code": child["returncode"]}
    if child["returncode"] != 0:
        out["error"] = child["stderr"].strip()
    else:
        try:
            out["refused"] = json.loads(child["stdout"])["refused"]
        except (ValueError, KeyError, TypeError):
            out["error"] = "output is not an answer object: " + child["stdout"][:200]
    return out


def cold_start(question: str, runs: int = COLD_RUNS) -> dict[str, Any]:
    """Time ``runs`` fresh ``python -m assistant ask QUESTION --json`` processes one after another:
    the median run's figures, every run's seconds, and the machine's load (1-minute average of
    runnable processes) before the first, since other work on the machine slows a start.

    The first run that fails is reported instead, with its error.
    """
    load = os.getloadavg()[0]
    done = []
    for _ in range(runs):
        run = _cold_run(question)
        if "error" in run:
            return {**run, "runs_s": [r["seconds"] for r in done] + [run["seconds"]], "load": load}
        done.append(run)
    median = sorted(done, key=lambda run: run["seconds"])[len(done) // 2]
    return {**median, "runs_s": [run["seconds"] for run in done], "load": load}


def index_build_seconds(assistant: Assistant) -> float | None:
    """Seconds to rebuild the index into a temporary folder with the loaded embedder; None without one."""
    if assistant.embedder is None:
        return None
    with tempfile.TemporaryDirectory(prefix="policy-bench-index-") as tmp:
        fresh = Assistant(assistant.settings.with_(index_dir=Path(tmp) / "index"), corpus=assistant.corpus,
                          embedder=assistant.embedder)
        started = time.perf_counter()
        fresh.rebuild_index()
        return time.perf_counter() - started


def _cold_runs(cold: dict[str, Any]) -> str:
    """What follows a cold start's seconds when it was measured in several runs: its spread and the load."""
    runs = cold.get("runs_s") or []
    if len(runs) < 2:
        return ""
    return f" (median of {len(runs)}: {min(runs):.2f}–{max(runs):.2f} s; load {cold['load']:.1f})"


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def _stage(message: str) -> None:
    print(f"bench: {message} …", file=sys.stderr, flush=True)


def match_latencies(assistant: Assistant, profiles: Sequence[str]) -> dict[str, float | None]:
    """Milliseconds per eligibility match, first pass (tags read on first use) and warm pass."""
    passes: dict[str, list[float]] = {"first": [], "warm": []}
    for latencies in passes.values():
        for profile in profiles:
            started = time.perf_counter()
            assistant.match(profile)
            latencies.append((time.perf_counter() - started) * 1000)
    return _percentiles(passes)


def run_bench(assistant: Assistant, questions: Sequence[Question], cold_question: str,
              full: bool = False, profiles: Sequence[str] = ()) -> dict[str, Any]:
    """The benchmark figures; the default index is built first so the cold start finds it ready.
    The default run skips the two slow ones, an index rebuild and the naive baseline (``full``).

    The embedder caches query vectors, so the warm pass (the same questions again) skips query
    embedding while the first pass pays it. The baseline gets its own instance of the same
    embedder so that its first pass does not reuse the assistant's cached vectors.
    """
    assistant.prepare()
    # retrieval is timed on its own instance, so its first pass pays query embedding too
    searcher = Assistant(assistant.settings, corpus=assistant.corpus)
    searcher.prepare()
    _load_model(searcher.embedder)
    retrieval = retrieval_latencies(searcher, questions)
    _load_model(assistant.embedder)
    answers = answer_latencies(assistant, questions)
    figures: dict[str, Any] = {
        "questions": len(questions),
        "embedder": getattr(assistant.embedder, "id", "none"),
        "retrieval": _percentiles(retrieval),
        "answer": _percentiles(answers),
        "peak_rss_mb_after_answers": _peak_rss_mb(),
    }
    if profiles:
        _stage("eligibility matching")
        figures["match"] = match_latencies(assistant, profiles)
    _stage("direct-answer rate")
    figures["direct_answer_rate"] = direct_answer_rate(assistant, questions)
    _stage("cold start in a fresh process")
    figures["cold_start"] = cold_start(cold_question)
    figures["index_build_s"] = None
    figures["baseline"] = None
    if full:
        _stage("index rebuild into a temporary folder")
        figures["index_build_s"] = index_build_seconds(assistant)
    if full and assistant.embedder is not None:
        _stage("naive baseline")
        embedder = Assistant(assistant.settings, corpus=assistant.corpus).embedder
        _load_model(embedder)
        started = time.perf_counter()
        baseline = NaiveBaseline.build(assistant.settings.corpus_dir, assistant.corpus, embedder)
        build_s = time.perf_counter() - started
        searches = baseline_latencies(baseline, questions)
        baseline.close()
        figures["baseline"] = {"build_s": build_s, "chunks": len(baseline.chunks), "query": _percentiles(searches)}
        figures["ratios"] = {f"answer_{key}_over_baseline": _ratio(value, figures["baseline"]["query"][key])
                             for key, value in figures["answer"].items()}
    figures["peak_rss_mb"] = _peak_rss_mb()
    return figures


def format_bench(figures: dict[str, Any]) -> str:
    """The benchmark as a small table for people."""

    def num(value, unit, digits=1):
        return "–" if value is None else f"{value:.{digits}f} {unit}"

    def p50_p95(block, name, unit="ms"):
        return f"{num(block[f'{name}_p50_ms'], unit)} / {num(block[f'{name}_p95_ms'], unit)}"

    cold = figures["cold_start"]
    answer = figures["answer"]
    rows = [
        ("retrieval (fused, top 10) p50 / p95, first pass", p50_p95(figures["retrieval"], "first")),
        ("retrieval (fused, top 10) p50 / p95, warm pass", p50_p95(figures["retrieval"], "warm")),
        ("answer latency p50 / p95, first pass", p50_p95(answer, "first")),
        ("answer latency p50 / p95, warm pass", p50_p95(answer, "warm")),
        ("eligibility match p50 / p95, warm pass", p50_p95(figures["match"], "warm") if figures.get("match") else "–"),
        ("direct-answer rate (must_include in the lead)", num(
            None if figures.get("direct_answer_rate") is None else figures["direct_answer_rate"] * 100, "%")),
        ("cold start to first answer", num(cold["seconds"], "s", 2)
         + (f" (failed: {cold['error'][:120]})" if "error" in cold else _cold_runs(cold))),
        ("cold process peak RSS", num(cold["peak_rss_mb"], "MB", 0)),
        ("index build (temp dir, model loaded)", num(figures["index_build_s"], "s", 2)),
        ("bench process peak RSS after answers / at end",
         f"{num(figures['peak_rss_mb_after_answers'], 'MB', 0)} / {num(figures['peak_rss_mb'], 'MB', 0)}"),
    ]
    base = figures.get("baseline")
    if base:
        ratios = figures["ratios"]
        rows += [
            ("naive baseline build (split + embed)", num(base["build_s"], "s", 2)),
            ("naive baseline query p50 / p95, first pass", p50_p95(base["query"], "first")),
            ("naive baseline query p50 / p95, warm pass", p50_p95(base["query"], "warm")),
            ("assistant / baseline, first pass p50 / p95",
             f"{num(ratios['answer_first_p50_ms_over_baseline'], '×', 2)} / "
             f"{num(ratios['answer_first_p95_ms_over_baseline'], '×', 2)}"),
            ("assistant / baseline, warm pass p50 / p95",
             f"{num(ratios['answer_warm_p50_ms_over_baseline'], '×', 2)} / "
             f"{num(ratios['answer_warm_p95_ms_over_baseline'], '×', 2)}"),
        ]
    width = max(len(label) for label, _ in rows)
    header = f"benchmark over {figures['questions']} questions, embedder {figures['embedder']}"
    return "\n".join([header, *(f"{label:<{width}}  {value}" for label, value in rows)])
