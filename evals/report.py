"""Writing a run to a dated folder: results.jsonl, metrics.json, report.md and two PNG charts.

The Markdown tables are also what the CLI prints, so the console and the report agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Sequence

from .runner import EvalRun

REPORTS_DIR = Path(__file__).resolve().parent / "reports"

_SUMMARY_ROWS = (
    ("score", "per-question score"),
    ("citation_hit", "citation hit"),
    ("first_citation_hit", "first-citation hit"),
    ("citation_precision", "citation precision"),
    ("fact_accuracy", "fact accuracy (must_include)"),
    ("direct_answer", "direct answer (must_include in the lead)"),
    ("refusal_accuracy", "refusal accuracy"),
    ("quote_validity", "quote validity"),
    ("unsupported_number", "answers with an unsupported number"),
)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} ms"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def summary_table(figures: dict[str, Any]) -> str:
    """The overall figures: each metric, its value and how many questions it covers."""
    overall = figures["overall"]
    rows = [(label, _pct(overall[key]), str(overall[f"{key}_n"])) for key, label in _SUMMARY_ROWS]
    rows.append(("latency p50 / p95", f"{_ms(overall['latency_p50_ms'])} / {_ms(overall['latency_p95_ms'])}",
                 str(overall["questions"])))
    errors = figures["refusal_errors"]
    rows.append(("answerable questions refused", str(errors["refused_answerable"]), ""))
    rows.append(("must-refuse questions answered", str(errors["answered_must_refuse"]), ""))
    return _table(("metric", "value", "n"), rows)


def category_table(figures: dict[str, Any]) -> str:
    """Per category: questions, score, citation hit, fact accuracy, refusal accuracy, latency p50."""
    rows = [(name, str(c["questions"]), _pct(c["score"]), _pct(c["citation_hit"]), _pct(c["fact_accuracy"]),
             _pct(c["direct_answer"]), _pct(c["refusal_accuracy"]), _ms(c["latency_p50_ms"]))
            for name, c in figures["categories"].items()]
    return _table(("category", "n", "score", "citation hit", "fact accuracy", "direct answer", "refusal accuracy",
                   "p50"), rows)


def retrieval_table(figures: dict[str, Any]) -> str:
    """hit@1/3/5 and MRR@10 of each route alone, fused, and the naive baseline (answerable questions)."""
    routes = dict(figures["retrieval"])
    if figures.get("baseline"):
        routes["naive baseline"] = figures["baseline"]
    rows = [(name, str(r["questions"]), _pct(r["hit@1"]), _pct(r["hit@3"]), _pct(r["hit@5"]),
             "–" if r["mrr@10"] is None else f"{r['mrr@10']:.3f}", _ms(r["latency_p50_ms"]))
            for name, r in routes.items()]
    return _table(("retriever", "n", "hit@1", "hit@3", "hit@5", "MRR@10", "search p50"), rows)


def baseline_table(figures: dict[str, Any]) -> str:
    """The assistant and the naive baseline side by side on answerable questions."""
    base = figures["baseline"]
    fused = figures["retrieval"].get("fused", {})
    mine = figures["assistant_answerable"]

    def mrr(value):
        return "–" if value is None else f"{value:.3f}"

    rows = [(f"hit@{k}", _pct(fused.get(f"hit@{k}")), _pct(base[f"hit@{k}"])) for k in (1, 3, 5)]
    rows.append(("MRR@10", mrr(fused.get("mrr@10")), mrr(base["mrr@10"])))
    rows.append(("citation hit", _pct(mine["citation_hit"]), _pct(base["citation_hit"])))
    rows.append(("citation precision", _pct(mine["citation_precision"]), _pct(base["citation_precision"])))
    for label, key in (("search latency p50", "latency_p50_ms"), ("search latency p95", "latency_p95_ms")):
        rows.append((label, _ms(fused.get(key)), _ms(base[key])))
    return _table(("answerable questions", "assistant (fused, answers)", "naive baseline (top 4 chunks)"), rows)


def console_summary(run: EvalRun) -> str:
    """What the CLI prints after a run."""
    figures = run.metrics
    parts = [f"## {run.set_name}: {figures['overall']['questions']} questions", summary_table(figures),
             "", category_table(figures)]
    if figures["retrieval"] or figures.get("baseline"):
        parts += ["", retrieval_table(figures)]
    if figures.get("baseline"):
        parts += ["", baseline_table(figures)]
    return "\n".join(parts)


def _quoted(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in (text or "(empty)").split("\n"))


def _why(result: dict[str, Any]) -> list[str]:
    m, expected, problems = result["metrics"], result["expected"], result["problems"]
    reasons = []
    if expected["must_refuse"] and not result["refused"]:
        reasons.append("answered a question that must be refused")
    if not expected["must_refuse"] and result["refused"]:
        reasons.append("refused an answerable question")
    if m["citation_hit"] == 0:
        reasons.append("no gold unit cited")
    if problems["missing"] and not expected["must_refuse"]:
        reasons.append("missing " + "; ".join(" / ".join(group) for group in problems["missing"]))
    if problems["invalid_quotes"]:
        reasons.append("quote not verbatim: " + ", ".join(problems["invalid_quotes"]))
    if problems["unsupported_numbers"]:
        reasons.append("numbers not in cited units: " + ", ".join(problems["unsupported_numbers"]))
    if result.get("error"):
        reasons.append(f"input rejected: {result['error']}")
    return reasons


def _result_section(result: dict[str, Any]) -> str:
    expected = result["expected"]
    cited = ", ".join(c["id"] for c in result["citations"]) or "nothing"
    lines = [f"### {result['id']} ({result['category']})", "", f"**Question:** {result['question']}", ""]
    for turn in result["history"]:
        lines.append(f"- earlier {turn['role']}: {turn['content']}")
    if result["history"]:
        lines.append("")
    lines += [
        f"**Why:** {'; '.join(_why(result)) or 'score 0'}", "",
        "**Answer**" + (" (refused)" if result["refused"] else "") + ":", "", _quoted(result["answer"]), "",
        f"- cited: {cited}",
        f"- expected gold: {', '.join(expected['gold']) or 'none'}",
        "- must include: " + ("; ".join(" / ".join(g) for g in expected["must_include"]) or "nothing"),
        f"- must refuse: {'yes' if expected['must_refuse'] else 'no'}",
    ]
    trace = result.get("trace") or {}
    if trace.get("resolved") or trace.get("hits"):
        lines.append(f"- trace: intent {trace.get('intent', '?')}, resolved “{trace.get('resolved', '')}”, "
                     f"top hits {trace.get('hits', '')}")
    if "retrieval" in result and "fused" in result["retrieval"]:
        lines.append(f"- fused top 5: {', '.join(result['retrieval']['fused']['top']) or 'nothing'}")
    return "\n".join(lines)


def report_markdown(run: EvalRun, charts: Sequence[tuple[str, str]] = ()) -> str:
    """The whole report: summary, categories, retrieval, baseline, every failure, other problems."""
    figures = run.metrics
    config = figures["config"]
    failures = run.failures
    flagged = [r for r in run.results if r["metrics"]["score"] >= 1 and _why(r)]
    parts = [
        f"# Evaluation: {run.set_name} ({run.started:%Y-%m-%d %H:%M:%S})", "",
        f"Embedder `{config['embedder']}`, answerer `{config['answerer']}`, corpus `{config['corpus']}`. "
        "Citation figures count a `hubei/annex-N` row and its measure as the same clause. Citation hit "
        "covers answerable questions (gold given, not a refusal); fact accuracy covers questions that must "
        "not be refused; precision and quote validity cover answers that cite something.", "",
        "## Summary", "", summary_table(figures), "",
        "## By category", "", category_table(figures), "",
    ]
    if figures["retrieval"] or figures.get("baseline"):
        parts += ["## Retrieval (answerable questions)", "",
                  "Each route alone searches the raw question; fused resolves follow-ups with the history. "
                  "The naive baseline ranks the units of its top 10 chunks.", "",
                  retrieval_table(figures), ""]
    if figures.get("baseline"):
        parts += ["## Assistant and naive baseline", "",
                  f"The baseline: RecursiveCharacterTextSplitter(500, 50) over the raw source files, "
                  f"{figures['baseline']['chunks']} chunks in Chroma with the same embedder "
                  f"(`{figures['baseline']['embedder']}`), top 4 chunks, each mapped to the unit it overlaps "
                  "most; it ignores the conversation history.", "",
                  baseline_table(figures), ""]
    parts += [f"![{title}]({name})" for title, name in charts]
    parts += ["", f"## Failures ({len(failures)} of {len(run.results)})", ""]
    parts += [_result_section(r) + "\n" for r in failures] or ["None.", ""]
    if flagged:
        parts += [f"## Scored, but with problems ({len(flagged)})", ""]
        parts += [_result_section(r) + "\n" for r in flagged]
    return "\n".join(parts).rstrip() + "\n"


def _category_chart(figures: dict[str, Any], path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    names = list(figures["categories"])
    scores = [(figures["categories"][n]["score"] or 0.0) * 100 for n in names]
    fig = Figure(figsize=(9, 4.5))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    bars = ax.bar(range(len(names)), scores, color="#3a6ea5")
    ax.bar_label(bars, fmt="%.0f%%", fontsize=8)
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
    ax.set_ylim(0, 105)
    ax.set_ylabel("per-question score (%)")
    ax.set_title("Score by category")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def _latency_chart(results: Sequence[dict[str, Any]], path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    latencies = [r["latency_ms"] for r in results]
    fig = Figure(figsize=(7, 4))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.hist(latencies, bins=min(30, max(5, len(latencies) // 3)), color="#5a8f5a")
    ax.set_xlabel("answer latency (ms)")
    ax.set_ylabel("questions")
    ax.set_title("Answer latency")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def report_folder(root: Path, run: EvalRun) -> Path:
    """A new folder ``root/<YYYYmmdd-HHMMSS>-<set>`` (suffixed when one exists already)."""
    base = Path(root) / f"{run.started:%Y%m%d-%H%M%S}-{run.set_name}"
    folder, n = base, 1
    while folder.exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    folder.mkdir(parents=True)
    return folder


def write_report(run: EvalRun, root: Path = REPORTS_DIR) -> Path:
    """Write results.jsonl, metrics.json, report.md and the charts into a new dated folder; return it."""
    folder = report_folder(root, run)
    with (folder / "results.jsonl").open("w", encoding="utf-8") as out:
        for result in run.results:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    figures = {"set": run.set_name, "started": run.started.isoformat(timespec="seconds"), **run.metrics}
    (folder / "metrics.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    charts = [("score by category", "category_scores.png"), ("answer latency", "latency.png")]
    _category_chart(run.metrics, folder / charts[0][1])
    _latency_chart(run.results, folder / charts[1][1])
    (folder / "report.md").write_text(report_markdown(run, charts), encoding="utf-8")
    return folder
