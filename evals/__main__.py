"""``python -m evals``: check question sets, run a set into a dated report, benchmark."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_SET = Path(__file__).resolve().parent / "questions" / "dev.jsonl"
DEFAULT_PROFILES = Path(__file__).resolve().parent / "profiles" / "profiles1.jsonl"


def _assistant():
    from assistant import Assistant, Settings

    return Assistant.from_settings(Settings.from_env())


def _index_progress(done: int, total: int, message: str) -> None:
    print(f"\r{message}: {done}/{total}", end="\n" if done >= total else "", file=sys.stderr, flush=True)


def cmd_check(args) -> int:
    from .questions import QuestionSetError, check_question_set, load_questions

    corpus = _assistant().corpus
    problems = []
    for path in args.sets:
        try:
            questions = load_questions(path)
        except QuestionSetError as exc:
            problems.append(str(exc))
            continue
        found = check_question_set(questions, corpus)
        problems += [f"{path}: {p}" for p in found]
        print(f"{path}: questions {len(questions)}, problems {len(found)}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def cmd_run(args) -> int:
    from .baseline import NaiveBaseline
    from .questions import load_questions, set_name
    from .report import REPORTS_DIR, console_summary, write_report
    from .runner import run_eval

    questions = load_questions(args.set)
    assistant = _assistant()
    assistant.prepare(progress=_index_progress)
    baseline = None
    if not args.no_baseline:
        if assistant.embedder is None:
            print("no embedder configured: the naive baseline is skipped", file=sys.stderr)
        else:
            baseline = NaiveBaseline.build(assistant.settings.corpus_dir, assistant.corpus, assistant.embedder)
    try:
        run = run_eval(assistant, questions, set_name(args.set), baseline=baseline, show_progress=True)
    finally:
        if baseline is not None:
            baseline.close()
    folder = write_report(run, Path(args.out) if args.out else REPORTS_DIR)
    print(console_summary(run))
    print(f"\n{len(run.failures)} failures; report in {folder}")
    return 0


def cmd_bench(args) -> int:
    from .bench import format_bench, run_bench
    from .questions import load_questions

    questions = load_questions(args.set)
    assistant = _assistant()
    assistant.prepare(progress=_index_progress)
    cold_question = next((q.question for q in questions if q.answerable and not q.history), questions[0].question)
    from .matching import load_profiles

    profiles = [p.profile for p in load_profiles(args.profiles)] if args.profiles else []
    figures = run_bench(assistant, questions, cold_question, full=args.full, profiles=profiles)
    print(json.dumps(figures, ensure_ascii=False, indent=2) if args.json else format_bench(figures))
    return 0


def cmd_snapshot(args) -> int:
    from .snapshot import snapshot_lines

    assistant = _assistant()
    assistant.prepare(progress=_index_progress)
    with open(args.out, "w", encoding="utf-8") as handle:
        for line in snapshot_lines(assistant, [Path(p) for p in args.sets], show_progress=True):
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0


def cmd_diff(args) -> int:
    from .snapshot import diff_snapshots, format_diff, read_snapshot

    diff = diff_snapshots(read_snapshot(Path(args.before)), read_snapshot(Path(args.after)))
    print(format_diff(diff))
    return 1 if diff["down"] else 0


def cmd_second_opinion(args) -> int:
    from .questions import load_questions, set_name
    from .second_opinion import calibrate, compare

    assistant = _assistant()
    assistant.prepare(progress=_index_progress)
    if args.calibrate:
        grid = [round(x * 0.1, 1) for x in range(0, 11)]
        rows = calibrate(assistant, load_questions(args.calibrate), grid[:7], grid[5:])
        for row in rows:
            print(json.dumps(row))
        return 0
    for path in args.sets:
        print(json.dumps({"set": set_name(path), **compare(assistant, load_questions(path))}, ensure_ascii=False))
    return 0


def cmd_match(args) -> int:
    from .matching import format_matching, load_profiles, run_matching

    assistant = _assistant()
    run = run_matching(lambda text: assistant.match(text).to_contract(), load_profiles(args.profiles))
    if args.out:
        Path(args.out).write_text(json.dumps(run, ensure_ascii=False, indent=1), encoding="utf-8")
    print(format_matching(run))
    return 0


def cmd_match_crossval(args) -> int:
    from .matching import crossval_matching, format_crossval

    assistant = _assistant()
    run = crossval_matching(args.profiles_dir or assistant.settings.profiles_dir, assistant.corpus)
    print(json.dumps(run, ensure_ascii=False) if args.json else format_crossval(run))
    return 0


def cmd_load(args) -> int:
    from .load import format_load, run_load

    figures = run_load()
    print(json.dumps(figures, indent=2) if args.json else format_load(figures))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check question sets against the corpus; exit 1 on problems")
    check.add_argument("sets", nargs="+", metavar="SET.jsonl")
    check.set_defaults(func=cmd_check)
    run = commands.add_parser("run", help="answer a set and write a dated report folder")
    run.add_argument("set", metavar="SET.jsonl")
    run.add_argument("--out", metavar="DIR", help="folder the dated report folder goes in (default evals/reports)")
    run.add_argument("--no-baseline", action="store_true", help="skip the naive LangChain baseline")
    run.set_defaults(func=cmd_run)
    bench = commands.add_parser("bench", help="latency, cold start, index build and memory, with the baseline")
    bench.add_argument("--set", default=str(DEFAULT_SET), metavar="SET.jsonl")
    bench.add_argument("--json", action="store_true", help="print machine-readable JSON")
    bench.add_argument("--full", action="store_true", help="also rebuild the index and run the naive baseline (slow)")
    bench.add_argument("--profiles", default=str(DEFAULT_PROFILES), metavar="PROFILES.jsonl",
                       help="profiles timed through eligibility matching ('' to skip)")
    bench.set_defaults(func=cmd_bench)
    snapshot = commands.add_parser("snapshot", help="answer sets into one JSONL file, to diff before and after a change")
    snapshot.add_argument("sets", nargs="+", metavar="SET.jsonl")
    snapshot.add_argument("-o", "--out", required=True, metavar="FILE.jsonl")
    snapshot.set_defaults(func=cmd_snapshot)
    diff = commands.add_parser("diff", help="questions whose answer changed between two snapshots; exit 1 if any score fell")
    diff.add_argument("before", metavar="BEFORE.jsonl")
    diff.add_argument("after", metavar="AFTER.jsonl")
    diff.set_defaults(func=cmd_diff)
    opinion = commands.add_parser("second-opinion", help="rules alone, classifier alone and combined, per set")
    opinion.add_argument("sets", nargs="*", metavar="SET.jsonl")
    opinion.add_argument("--calibrate", metavar="SET.jsonl", help="score one set over a grid of thresholds instead")
    opinion.set_defaults(func=cmd_second_opinion)
    match = commands.add_parser("match", help="eligibility matching on a labelled profile set")
    match.add_argument("profiles", metavar="PROFILES.jsonl")
    match.add_argument("--out", metavar="FILE.json", help="also write every profile's result")
    match.set_defaults(func=cmd_match)
    crossval = commands.add_parser("match-crossval", help="eligibility's learned second opinion, each training "
                                   "profile set matched by a model trained on the others, beside the rules alone")
    crossval.add_argument("profiles_dir", nargs="?", metavar="PROFILES_DIR")
    crossval.add_argument("--json", action="store_true", help="print machine-readable JSON")
    crossval.set_defaults(func=cmd_match_crossval)
    load = commands.add_parser("load", help="start the web app and time a normal question under 8 oversized clients")
    load.add_argument("--json", action="store_true", help="print machine-readable JSON")
    load.set_defaults(func=cmd_load)
    args = parser.parse_args(argv)

    from assistant import AssistantError

    from .questions import QuestionSetError

    try:
        return args.func(args)
    except QuestionSetError as exc:
        print(f"question set error: {exc}", file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"{exc.user_message} {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
