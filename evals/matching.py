"""Eligibility matching measured on a labelled profile set: recall of what an advisor would
certainly name (``must``), precision against what arguably applies (``must`` ∪ ``may``), and
whether a profile nothing fits is told so.

A profile line: ``{"id", "profile", "must": [measure ids], "may": [...], "nothing_applies": bool}``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence


@dataclass(frozen=True)
class Profile:
    """One labelled self-description."""

    id: str
    profile: str
    must: tuple[str, ...]
    may: tuple[str, ...]
    nothing_applies: bool
    language: str = ""


def load_profiles(path: str | Path) -> list[Profile]:
    """Profiles from a JSONL file (blank lines skipped)."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append(Profile(r["id"], r["profile"], tuple(r.get("must", ())), tuple(r.get("may", ())),
                               bool(r.get("nothing_applies", False)), r.get("language", "")))
    return out


def profile_metrics(listed: Sequence[str], profile: Profile) -> dict[str, Any]:
    """Recall of ``must``, precision against ``must`` ∪ ``may`` (None when nothing is listed), and
    whether an empty result was right (for a profile nothing applies to)."""
    listed = list(dict.fromkeys(listed))
    allowed = set(profile.must) | set(profile.may)
    found = [m for m in profile.must if m in listed]
    return {
        "recall": len(found) / len(profile.must) if profile.must else None,
        "precision": sum(m in allowed for m in listed) / len(listed) if listed else None,
        "missed": [m for m in profile.must if m not in listed],
        "extra": [m for m in listed if m not in allowed],
        "empty_right": (not listed) if profile.nothing_applies else None,
    }


def _mean(values) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def summarize_matching(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Mean recall and precision over the profiles they apply to, refusals, and latency."""
    latencies = sorted(r["latency_ms"] for r in rows)
    return {
        "profiles": len(rows),
        "recall_must": _mean(r["metrics"]["recall"] for r in rows),
        "precision": _mean(r["metrics"]["precision"] for r in rows),
        "nothing_applies_right": _mean(None if r["metrics"]["empty_right"] is None else float(r["metrics"]["empty_right"])
                                       for r in rows),
        "errors": sum(1 for r in rows if r.get("error")),
        "listed_mean": _mean(len(r["listed"]) for r in rows),
        "latency_p95_ms": latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else None,
    }


def run_matching(match: Callable[[str], dict], profiles: Sequence[Profile]) -> dict[str, Any]:
    """Match every profile (``match`` returns the CONTRACT's match object) and score it."""
    rows = []
    for profile in profiles:
        started = time.perf_counter()
        try:
            result, error = match(profile.profile), None
        except Exception as exc:  # noqa: BLE001 — an error is a result of the run, reported per profile
            result, error = {"measures": []}, f"{type(exc).__name__}: {exc}"
        latency = (time.perf_counter() - started) * 1000
        listed = [m["id"] for m in result.get("measures", [])]
        rows.append({"id": profile.id, "language": profile.language, "listed": listed,
                     "understood": result.get("understood"), "latency_ms": latency, "error": error,
                     "metrics": profile_metrics(listed, profile)})
    return {"summary": summarize_matching(rows), "profiles": rows}


def format_matching(run: dict[str, Any]) -> str:
    """A per-profile table and the summary, as Markdown."""
    s = run["summary"]

    def pct(v):
        return "–" if v is None else f"{v * 100:.1f}%"

    lines = [f"profiles {s['profiles']}: recall of must {pct(s['recall_must'])}, precision {pct(s['precision'])}, "
             f"nothing-applies told so {pct(s['nothing_applies_right'])}, listed per profile "
             f"{s['listed_mean'] or 0:.1f}, errors {s['errors']}, p95 {s['latency_p95_ms'] or 0:.1f} ms", "",
             "| profile | lang | recall | precision | missed | extra |", "|---|---|---|---|---|---|"]
    for r in run["profiles"]:
        m = r["metrics"]
        lines.append(f"| {r['id']} | {r['language']} | {pct(m['recall'])} | {pct(m['precision'])} | "
                     f"{' '.join(m['missed'])} | {' '.join(m['extra'])} |")
    return "\n".join(lines)


def crossval_matching(profiles_dir: str | Path, corpus) -> dict[str, Any]:
    """The learned second opinion measured where it was not trained: each set the model may train on
    (not in ``held_out.txt``) matched by a model trained on all the others, beside the rules alone.
    (Matching a training set with the shipped model measures what it memorised, not what it learned.)"""
    from assistant.answer.eligibility import match_profile
    from assistant.understand.applies import labelled_profiles, opinion_of, train_applies_model
    from assistant.understand.learned import training_sets

    paths = training_sets(Path(profiles_dir))
    examples = {p.stem: labelled_profiles(p.read_text(encoding="utf-8").splitlines()) for p in paths}
    rules_rows, opinion_rows, per_set = [], [], []
    for path in paths:
        opinion = opinion_of(train_applies_model([e for name, rows in examples.items() if name != path.stem
                                                  for e in rows]))
        profiles = load_profiles(path)
        rules = run_matching(lambda text: match_profile(text, corpus).to_contract(), profiles)
        learned = run_matching(lambda text: match_profile(text, corpus, opinion=opinion).to_contract(), profiles)
        rules_rows += rules["profiles"]
        opinion_rows += learned["profiles"]
        per_set.append({"set": path.stem, "rules": rules["summary"], "with_opinion": learned["summary"]})
    return {"sets": per_set, "rules": summarize_matching(rules_rows), "with_opinion": summarize_matching(opinion_rows)}


def format_crossval(run: dict[str, Any]) -> str:
    """Per set and pooled: recall, precision and nothing-applies, rules alone → with the opinion."""
    def three(s):
        return f"{s['recall_must']:.3f} / {s['precision']:.3f} / {s['nothing_applies_right'] or 0:.3f}"

    lines = ["| set | rules alone (recall / precision / nothing-applies) | with the second opinion |", "|---|---|---|"]
    lines += [f"| {r['set']} | {three(r['rules'])} | {three(r['with_opinion'])} |" for r in run["sets"]]
    lines.append(f"| **pooled** | {three(run['rules'])} | {three(run['with_opinion'])} |")
    return "\n".join(lines)
