"""The command line: parse arguments, call one library function, turn errors into messages."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Sequence

from .errors import AssistantError, InputRejected
from .language.text import fit_width, has_cjk

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _progress_printer(stream):
    """A progress callback that draws a bar on a terminal and stays silent otherwise."""
    if not stream.isatty():
        return None

    def report(done: int, total: int, message: str) -> None:
        width = 30
        filled = int(width * done / max(total, 1))
        stream.write(f"\r{message} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return report


def _assistant(args):
    from .service import Assistant
    from .settings import Settings

    settings = Settings.from_env()
    if getattr(args, "index_dir", None):
        settings = settings.with_(index_dir=Path(args.index_dir))
    return Assistant.from_settings(settings)


def cmd_units(args) -> int:
    from .corpus.load import load_corpus
    from .settings import Settings

    corpus = load_corpus(Settings.from_env().corpus_dir)
    out = sys.stdout
    if args.json:
        for u in corpus.units:
            record = {"id": u.id, "doc": u.doc, "section": list(u.section), "title": u.title, "text": u.text,
                      "lead_units": list(u.lead_units), "responsible_units": list(u.responsible_units),
                      "measure": u.measure}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return EXIT_OK
    # columns by display width: a CJK character takes two terminal columns
    out.write(f"{fit_width('id', 18)} {fit_width('title', 34)} {fit_width('lead units', 28)} responsible units\n")
    for u in corpus.units:
        out.write(f"{fit_width(u.id, 18)} {fit_width(u.title, 34)} {fit_width('、'.join(u.lead_units), 28)} "
                  f"{'、'.join(u.responsible_units)}{'  → ' + u.measure if u.measure else ''}\n")
    out.write(f"{len(corpus.units)} units in {len(corpus.documents)} documents\n")
    return EXIT_OK


def cmd_index(args) -> int:
    assistant = _assistant(args)
    if args.action == "status":
        status = assistant.index_status()
    else:
        status = assistant.rebuild_index(_progress_printer(sys.stderr))
    print(f"index: {status.state} at {status.location}"
          + (f" ({status.units} units, embedder {status.embedder})" if status.units else "")
          + (f" — {status.reason}" if status.reason else ""))
    return EXIT_OK if status.state in ("ready", "disabled") or args.action == "status" else EXIT_ERROR


def cmd_ask(args) -> int:
    assistant = _assistant(args)
    assistant.prepare(_progress_printer(sys.stderr))
    try:
        answer = assistant.ask(args.question)
    except InputRejected as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        from .contract import json_line

        total = dict(answer.timings_ms).get("total", 0.0)
        print(json_line(answer.to_contract(None, total)))
        return EXIT_OK
    english = not has_cjk(args.question)
    if answer.refused:  # marked in text mode too: the plans give no answer to this
        print("[Not answered from the plans]" if english else "【文件中无依据,未作答】")
    print(answer.text)
    if answer.citations:
        print("\nSources:" if english else "\n来源:")
        for i, c in enumerate(answer.citations, start=1):
            unit = assistant.corpus.unit(c.unit_id)
            quote = c.quote if len(c.quote) <= 120 else c.quote[:119] + "…"
            print(f"[{i}] {c.unit_id} {unit.title}\n    「{quote}」")
    return EXIT_OK


def cmd_batch(args) -> int:
    """One output line per input line, in order: blank and broken lines get an ``error`` line."""
    from .contract import answer_records, json_line

    source = Path(args.input)
    try:
        # bytes.splitlines breaks only at \n and \r: a U+2028 inside a question is not a line end
        raw_lines = source.read_bytes().splitlines()
    except OSError as exc:
        print(f"无法读取输入文件 {source}: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    assistant = _assistant(args)
    assistant.prepare(_progress_printer(sys.stderr))
    total = len(raw_lines)
    bar = _progress_printer(sys.stderr)
    target = Path(args.output)
    tmp = target.with_name(target.name + ".partial")
    written = errors = warnings = 0
    with tmp.open("w", encoding="utf-8") as out:
        for record in answer_records(assistant.ask, raw_lines):
            out.write(json_line(record) + "\n")
            written += 1
            errors += "error" in record
            warnings += "warning" in record
            if bar:
                bar(written, total, "answering")
    tmp.replace(target)
    print(f"{written - errors} answers and {errors} error lines written to {target}"
          + (f"; {warnings} lines repeat an earlier id" if warnings else ""), file=sys.stderr)
    return EXIT_OK


def cmd_match(args) -> int:
    """The measures that apply to one self-description, or to each line of a JSONL file (``--batch``)."""
    from .contract import json_line

    if bool(args.batch) == bool(args.profile):
        print("请给出一段自我描述,或用 --batch IN.jsonl -o OUT.jsonl 处理文件。"
              " (give one profile, or --batch IN.jsonl -o OUT.jsonl)", file=sys.stderr)
        return EXIT_USAGE
    assistant = _assistant(args)
    if args.batch:
        from .contract import match_records

        if not args.output:
            print("--batch 需要 -o OUT.jsonl。 (--batch needs -o OUT.jsonl)", file=sys.stderr)
            return EXIT_USAGE
        source, target = Path(args.batch), Path(args.output)
        try:
            raw_lines = source.read_bytes().splitlines()
        except OSError as exc:
            print(f"无法读取输入文件 {source}: {exc.strerror}", file=sys.stderr)
            return EXIT_USAGE
        tmp = target.with_name(target.name + ".partial")
        errors = 0
        with tmp.open("w", encoding="utf-8") as out:
            for record in match_records(assistant.match, raw_lines):
                out.write(json_line(record) + "\n")
                errors += "error" in record
        tmp.replace(target)
        print(f"{len(raw_lines) - errors} profiles matched and {errors} error lines written to {target}", file=sys.stderr)
        return EXIT_OK
    try:
        result = assistant.match(args.profile)
    except InputRejected as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json_line(result.to_contract()))
    else:
        from .answer.eligibility import format_match

        print(format_match(result))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant",
                                     description="政策通: cited answers about the 2025 Wuhan and Hubei S&T finance plans")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("units", help="list every citable unit")
    p.add_argument("--json", action="store_true", help="one CONTRACT JSON object per line")
    p.set_defaults(func=cmd_units)

    p = sub.add_parser("index", help="build or check the retrieval index")
    p.add_argument("action", choices=["build", "status"])
    p.add_argument("--index-dir", help="where the Chroma store lives (default: index/store)")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("ask", help="answer one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the CONTRACT answer object")
    p.add_argument("--index-dir")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("batch", help="answer a JSONL file of questions")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--index-dir")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("match", help="list the measures that apply to a self-description")
    p.add_argument("profile", nargs="?", help="who you are, where, what you need (any language the chat takes)")
    p.add_argument("--json", action="store_true", help="print the CONTRACT match object")
    p.add_argument("--batch", metavar="IN.jsonl", help='a file of {"id", "profile"} lines')
    p.add_argument("-o", "--output", metavar="OUT.jsonl", help="where --batch writes one line per input line")
    p.set_defaults(func=cmd_match)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except AssistantError as exc:
        print(f"{exc.user_message} {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader (| head) went away: not an error of ours
        sys.stderr.close()
        return EXIT_OK
