"""What the web app shows, as pure functions: conversation and source-panel HTML, the unit
directory, and batch files in and out.

Everything a person or a document supplied is HTML-escaped here, once; the app hands the
strings to ``gr.HTML`` untouched. Markdown is never interpreted: answers and questions are
shown as plain text (``white-space: pre-wrap``), with ``[n]`` markers turned into chips.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from .errors import InputRejected
from .feedback import Feedback
from .text import normalize, normalize_with_map
from .types import Answer, Citation, Corpus, Turn, Unit
from .understand import detect_language

MAX_BATCH_QUESTIONS = 1000
FAILURE_MESSAGE = "抱歉,系统暂时无法回答这个问题,请稍后再试。"
FAILURE_MESSAGE_EN = "Sorry, the assistant could not answer this just now. Please try again later."
_MARKER = re.compile(r"\[(\d+)\]")
_KIND_LABELS = {"preamble": "印发通知与开篇", "goals": "总体目标", "safeguards": "保障措施"}
_CSV_HEADER_ALIASES = {"id": "id", "编号": "id", "序号": "id", "question": "question", "问题": "question"}
BATCH_CSV_COLUMNS = ("id", "question", "answer", "refused", "citations", "quotes", "error", "latency_ms")


@dataclass(frozen=True)
class Exchange:
    """One question of a web conversation and what came back: an answer, or a notice why not."""

    question: str
    answer: Answer | None = None
    notice: str = ""  # shown instead of an answer (input rejected, failure)
    helpful: bool | None = None  # the asker's feedback, once given


@dataclass(frozen=True)
class BatchInput:
    """An uploaded batch as CONTRACT question lines, and each line's question for the results table."""

    lines: tuple[str, ...]
    questions: tuple[str, ...]


def esc(text: object) -> str:
    """``text`` safe to place in HTML text or a quoted attribute."""
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------- conversation


def history_turns(exchanges: Sequence[Exchange]) -> tuple[Turn, ...]:
    """The turns ``Assistant.ask`` needs: every answered exchange, assistant turns with their cited ids."""
    turns: list[Turn] = []
    for exchange in exchanges:
        if exchange.answer is None:
            continue
        turns.append(Turn("user", exchange.question))
        turns.append(Turn("assistant", exchange.answer.text, tuple(c.unit_id for c in exchange.answer.citations)))
    return tuple(turns)


def rejection_message(exc: InputRejected, question: str) -> str:
    """Why a question was rejected, in Chinese, with the English too when the question is English."""
    return f"{exc}\n{exc.english}" if is_english(question) else str(exc)


def failure_message(question: str) -> str:
    """The friendly message shown when answering failed unexpectedly."""
    return f"{FAILURE_MESSAGE}\n{FAILURE_MESSAGE_EN}" if is_english(question) else FAILURE_MESSAGE


def is_english(text: str) -> bool:
    """Whether a question is written in English (no Chinese characters, some Latin letters)."""
    return detect_language(text)[0] == "en"


def unit_label(corpus: Corpus, unit: Unit) -> str:
    """A short human name for a unit: document short name, item number and title."""
    document = corpus.document(unit.doc).short_name or unit.doc
    if unit.kind == "measure":
        return f"{document} 第{unit.number}条 {unit.title}"
    if unit.kind == "annex":
        return f"{document} 附件第{unit.number}项 {unit.title}"
    return f"{document} {_KIND_LABELS.get(unit.kind, unit.title)}"


def answer_text_html(text: str, citations: Sequence[Citation], turn: int) -> str:
    """Escaped answer text with each valid ``[n]`` marker as a clickable chip."""
    parts: list[str] = []
    position = 0
    for match in _MARKER.finditer(text):
        number = int(match.group(1))
        if not 1 <= number <= len(citations):
            continue
        parts.append(esc(text[position:match.start()]))
        parts.append(_chip(citations[number - 1].unit_id, number, turn, str(number)))
        position = match.end()
    parts.append(esc(text[position:]))
    return "".join(parts)


def _chip(unit_id: str, number: int, turn: int, label: str, title: str = "") -> str:
    return (f'<button type="button" class="pt-chip" data-cite="{number}" data-turn="{turn}" '
            f'data-unit="{esc(unit_id)}" title="{esc(title or unit_id)}">{esc(label)}</button>')


def conversation_html(exchanges: Sequence[Exchange], corpus: Corpus) -> str:
    """The whole conversation: questions as text, answers with chips, refusals and notices set apart."""
    if not exchanges:
        return ('<div class="pt-conversation"><div class="pt-empty">请输入关于武汉市行动方案或湖北省工作方案的问题,'
                '或点选下方的示例问题。回答中的编号可点击查看原文。</div></div>')
    return '<div class="pt-conversation">' + "".join(
        _exchange_html(i, exchange, corpus) for i, exchange in enumerate(exchanges)) + "</div>"


def _exchange_html(turn: int, exchange: Exchange, corpus: Corpus) -> str:
    user = (f'<div class="pt-msg pt-user"><div class="pt-role">您</div>'
            f'<div class="pt-text">{esc(exchange.question)}</div></div>')
    answer = exchange.answer
    if answer is None:
        reply = (f'<div class="pt-msg pt-notice" role="alert"><div class="pt-role">提示</div>'
                 f'<div class="pt-text">{esc(exchange.notice)}</div></div>')
        return f'<div class="pt-turn" data-turn="{turn}">{user}{reply}</div>'
    classes = "pt-msg pt-assistant pt-refused" if answer.refused else "pt-msg pt-assistant"
    badge = '<div class="pt-badge">未找到依据 · 不作答</div>' if answer.refused else ""
    sources = ""
    if answer.citations:
        chips = "".join(
            _chip(c.unit_id, n, turn, f"[{n}] {c.unit_id}", unit_label(corpus, corpus.unit(c.unit_id)))
            for n, c in enumerate(answer.citations, start=1) if corpus.has(c.unit_id))
        sources = f'<div class="pt-cites"><span>依据:</span>{chips}</div>'
    reply = (f'<div class="{classes}"><div class="pt-role">政策通</div>{badge}'
             f'<div class="pt-text">{answer_text_html(answer.text, answer.citations, turn)}</div>'
             f'{sources}{_feedback_html(turn, exchange.helpful)}</div>')
    return f'<div class="pt-turn" data-turn="{turn}">{user}{reply}</div>'


def _feedback_html(turn: int, helpful: bool | None) -> str:
    if helpful is not None:
        verdict = "有帮助" if helpful else "没帮助"
        return f'<div class="pt-feedback pt-feedback-done">已记录您的反馈:{verdict}。谢谢!</div>'
    return (f'<div class="pt-feedback"><span>这个回答:</span>'
            f'<button type="button" class="pt-vote" data-vote="up" data-turn="{turn}">有帮助</button>'
            f'<button type="button" class="pt-vote" data-vote="down" data-turn="{turn}">没帮助</button></div>')


# ---------------------------------------------------------------- sources


def quote_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text``: verbatim, else ignoring script, width and white space."""
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    mapped = normalize_with_map(text)
    key = normalize(quote)
    found = mapped.text.find(key) if key else -1
    if found < 0:
        return None
    return mapped.original_span(found, found + len(key))


def highlight_html(text: str, quote: str) -> str:
    """Escaped ``text`` with the quoted span wrapped in ``<mark>``."""
    span = quote_span(text, quote)
    if span is None:
        return esc(text)
    start, end = span
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


def sources_html(corpus: Corpus, citations: Sequence[Citation], selected: str | None = None,
                 turn: int | None = None) -> str:
    """The source panel: every cited unit in full, its quote highlighted; ``selected`` opened and marked."""
    if not citations:
        return ('<div class="pt-sources"><div class="pt-empty">这里显示回答所依据的原文。'
                '点击回答中的编号即可查看。</div></div>')
    selected = selected if selected in {c.unit_id for c in citations} else citations[0].unit_id
    head = f"第{turn + 1}问的依据" if turn is not None else "回答的依据"
    cards = "".join(_source_card(corpus, n, c, c.unit_id == selected) for n, c in enumerate(citations, start=1)
                    if corpus.has(c.unit_id))
    return f'<div class="pt-sources"><div class="pt-sources-head">{esc(head)}(共{len(citations)}条)</div>{cards}</div>'


def _source_card(corpus: Corpus, number: int, citation: Citation, selected: bool) -> str:
    unit = corpus.unit(citation.unit_id)
    document = corpus.document(unit.doc)
    issued = " · ".join(p for p in (document.issuer, document.number or "", document.date) if p)
    section = " › ".join(unit.section)
    classes = "pt-source pt-selected" if selected else "pt-source"
    return (f'<details class="{classes}" data-unit="{esc(unit.id)}"{" open" if selected else ""}>'
            f'<summary><span class="pt-source-n">[{number}]</span> <code>{esc(unit.id)}</code> '
            f'<b>{esc(unit.title)}</b></summary>'
            f'<div class="pt-source-doc">{esc(document.title)}<br><small>{esc(issued)}</small></div>'
            + (f'<div class="pt-source-section">{esc(section)}</div>' if section else "")
            + f'<div class="pt-source-text">{highlight_html(unit.text, citation.quote)}</div>'
            f'{_roles_html(corpus, unit)}</details>')


def _roles_html(corpus: Corpus, unit: Unit) -> str:
    rows = []
    if unit.lead_units:
        rows.append(f"<dt>牵头单位</dt><dd>{esc('、'.join(unit.lead_units))}</dd>")
    if unit.responsible_units:
        rows.append(f"<dt>责任单位</dt><dd>{esc('、'.join(unit.responsible_units))}</dd>")
    if unit.measure and corpus.has(unit.measure):
        rows.append(f"<dt>对应措施</dt><dd><code>{esc(unit.measure)}</code> {esc(corpus.unit(unit.measure).title)}</dd>")
    for row in corpus.annex_rows(unit.id):
        rows.append(f"<dt>分工表 <code>{esc(row.id)}</code></dt><dd>{esc(_row_roles(row))}</dd>")
    return f'<dl class="pt-source-units">{"".join(rows)}</dl>' if rows else ""


def _row_roles(unit: Unit) -> str:
    parts = []
    if unit.lead_units:
        parts.append("牵头:" + "、".join(unit.lead_units))
    if unit.responsible_units:
        parts.append("责任:" + "、".join(unit.responsible_units))
    return ";".join(parts) or "未列单位"


# ---------------------------------------------------------------- unit directory


def task_choices(corpus: Corpus) -> list[tuple[str, str]]:
    """(label, unit id) for every task that names units, directly or through its annex rows."""
    return [(f"{unit.id} · {unit.title}", unit.id) for unit in corpus.units
            if unit.units or corpus.annex_rows(unit.id)]


def unit_roles_html(corpus: Corpus, name: str, leads: Sequence[Unit], shares: Sequence[Unit]) -> str:
    """Every task one government unit leads or shares, per document, with ids; rows open the task."""
    if not leads and not shares:
        return f'<div class="pt-directory"><div class="pt-empty">{esc(name)} 在两份文件中没有分工任务。</div></div>'
    lead_ids = {u.id for u in leads}
    role_of = {u.id: "责任单位" for u in shares} | {u_id: "牵头单位" for u_id in lead_ids}
    sections = []
    for document in corpus.documents:
        units = [u for u in corpus.units if u.doc == document.doc_id and u.id in role_of]
        if not units:
            continue
        rows = "".join(
            f'<tr><td><button type="button" class="pt-task" data-task="{esc(u.id)}">{esc(u.id)}</button></td>'
            f'<td>{esc(u.title)}</td><td class="pt-role-{"lead" if u.id in lead_ids else "share"}">'
            f'{role_of[u.id]}</td><td>{esc(_row_roles(u))}</td></tr>' for u in units)
        sections.append(f'<h4>{esc(document.short_name or document.title)}(共{len(units)}项)</h4>'
                        f'<table class="pt-table"><thead><tr><th>编号</th><th>任务</th><th>角色</th><th>本项分工</th>'
                        f'</tr></thead><tbody>{rows}</tbody></table>')
    summary = f"作为牵头单位 {len(lead_ids)} 项 · 作为责任单位 {len(role_of) - len(lead_ids)} 项"
    return (f'<div class="pt-directory"><h3>{esc(name)}</h3><p class="pt-muted">{summary}。'
            f'点击编号查看该任务的全部单位。</p>{"".join(sections)}</div>')


def task_units_html(corpus: Corpus, unit_id: str) -> str:
    """One task's text and the units named for it (for a measure: those of its annex rows)."""
    if not corpus.has(unit_id):
        return '<div class="pt-directory"><div class="pt-empty">请选择一项任务。</div></div>'
    unit = corpus.unit(unit_id)
    document = corpus.document(unit.doc)
    body = f'<div class="pt-source-text">{esc(unit.text)}</div>'
    return (f'<div class="pt-directory"><h3><code>{esc(unit.id)}</code> {esc(unit.title)}</h3>'
            f'<p class="pt-muted">{esc(document.title)}</p>{body}{_roles_html(corpus, unit)}</div>')


# ---------------------------------------------------------------- batch files


def parse_batch(filename: str, data: bytes) -> BatchInput:
    """CONTRACT question lines from an uploaded ``.csv`` (columns id, question) or ``.jsonl`` file.

    Lines that are not usable stay in, so that the answers mark them with an error in place.
    Raises ``InputRejected`` when the file as a whole cannot be read.
    """
    text = _decode(data)
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "csv":
        batch = _parse_csv(text)
    elif suffix in ("jsonl", "ndjson", "json"):
        lines = tuple(line for line in text.splitlines() if line.strip())
        batch = BatchInput(lines, tuple(_question_of(line) for line in lines))
    else:
        raise InputRejected("请上传 .csv(列:id,question)或 .jsonl 文件。",
                            english="Upload a .csv (columns id,question) or a .jsonl file.")
    if not batch.lines:
        raise InputRejected("文件中没有问题。", english="The file contains no questions.")
    if len(batch.lines) > MAX_BATCH_QUESTIONS:
        raise InputRejected(f"一次最多处理{MAX_BATCH_QUESTIONS}个问题,文件中有{len(batch.lines)}个。",
                            english=f"At most {MAX_BATCH_QUESTIONS} questions per file; "
                                    f"this one has {len(batch.lines)}.")
    return batch


def _decode(data: bytes) -> str:
    # Excel saves CSV as UTF-8 with a BOM or, on Chinese Windows, as GBK.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputRejected("文件不是 UTF-8 或 GBK 编码的文本。", english="The file is not UTF-8 or GBK text.")


def _parse_csv(text: str) -> BatchInput:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    columns = [_CSV_HEADER_ALIASES.get(h.strip().lower()) for h in header or ()]
    if "question" not in columns:
        raise InputRejected("CSV 第一行须是列名,并包含 question 列(可另有 id 列)。",
                            english="The CSV needs a header row with a 'question' column (and optionally 'id').")
    question_at = columns.index("question")
    id_at = columns.index("id") if "id" in columns else None
    lines, questions = [], []
    for number, row in enumerate(reader, start=1):
        if not any(cell.strip() for cell in row):
            continue
        record: dict = {"id": row[id_at].strip() if id_at is not None and id_at < len(row) and row[id_at].strip()
                        else f"row-{number}"}
        # A missing cell is an empty question; cells past the header are most likely a
        # question with an unquoted comma.
        cells = row[question_at:] if question_at == len(columns) - 1 else row[question_at:question_at + 1]
        record["question"] = ",".join(cells)
        lines.append(json.dumps(record, ensure_ascii=False))
        questions.append(record["question"])
    return BatchInput(tuple(lines), tuple(questions))


def _question_of(line: str) -> str:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return ""
    question = record.get("question") if isinstance(record, dict) else None
    return question if isinstance(question, str) else ""


def results_jsonl(records: Iterable[dict]) -> str:
    """Output records as JSONL text, one CONTRACT line each."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def results_csv(records: Sequence[dict], questions: Sequence[str]) -> str:
    """Output records as CSV text (``BATCH_CSV_COLUMNS``), each beside its question."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(BATCH_CSV_COLUMNS)
    for record, question in zip(records, questions):
        citations = record.get("citations") or []
        writer.writerow([
            record.get("id", ""), question, record.get("answer", ""),
            "" if "refused" not in record else ("yes" if record["refused"] else "no"),
            "; ".join(c["id"] for c in citations),
            "\n".join(f"[{n}] {c['id']}: {c['quote']}" for n, c in enumerate(citations, start=1)),
            record.get("error", ""), record.get("latency_ms", ""),
        ])
    return out.getvalue()


def batch_summary(records: Sequence[dict]) -> str:
    """One line on a finished batch: how many answered, refused and failed."""
    failed = sum(1 for r in records if "error" in r)
    refused = sum(1 for r in records if r.get("refused"))
    answered = len(records) - failed - refused
    return f"共 {len(records)} 条:作答 {answered} 条,拒答 {refused} 条,出错 {failed} 条。"


# ---------------------------------------------------------------- feedback (staff view)

FEEDBACK_HEADERS = ["编号", "时间(UTC)", "评价", "意见", "问题", "依据", "回答"]
FEEDBACK_COLUMN_WIDTHS = ["5%", "13%", "7%", "17%", "18%", "10%", "30%"]


def feedback_rows(items: Iterable[Feedback]) -> list[list]:
    """Rows for the staff feedback table (``FEEDBACK_HEADERS``) from ``Feedback`` records."""
    return [[item.id, item.created_at, "有帮助" if item.helpful else "没帮助", item.comment, item.question,
             " ".join(c.unit_id for c in item.citations), item.answer] for item in items]


# ---------------------------------------------------------------- page style and behaviour
# Browser code only forwards clicks (which chip, which vote, which task) to the server;
# nothing it receives is trusted there. No template literals: the strings stay plain JS.

CONVERSATION_JS = """
element.addEventListener('click', function (event) {
  var chip = event.target.closest('[data-cite]');
  if (chip) {
    trigger('click', {action: 'cite', turn: Number(chip.dataset.turn), unit: chip.dataset.unit});
    return;
  }
  var vote = event.target.closest('[data-vote]');
  if (vote && !vote.disabled) {
    element.querySelectorAll('[data-vote][data-turn="' + vote.dataset.turn + '"]')
      .forEach(function (b) { b.disabled = true; });
    trigger('click', {action: 'vote', turn: Number(vote.dataset.turn), helpful: vote.dataset.vote === 'up'});
  }
});
"""

SOURCES_JS = """
if (typeof watch === 'function') {
  watch('value', function () {
    var card = element.querySelector('.pt-selected');
    if (card) { card.scrollIntoView({block: 'nearest'}); }
  });
}
"""

DIRECTORY_JS = """
element.addEventListener('click', function (event) {
  var task = event.target.closest('[data-task]');
  if (task) { trigger('click', {task: task.dataset.task}); }
});
"""

APP_CSS = """
.pt-conversation { display: flex; flex-direction: column; gap: 14px; padding: 4px 2px; }
.pt-empty { color: var(--body-text-color-subdued); padding: 18px; text-align: center; }
.pt-turn { display: flex; flex-direction: column; gap: 8px; }
.pt-msg { border-radius: 12px; padding: 10px 14px; max-width: 92%; border: 1px solid var(--border-color-primary); }
.pt-user { align-self: flex-end; background: var(--color-accent-soft); }
.pt-assistant { align-self: flex-start; background: var(--background-fill-primary); }
.pt-refused { background: var(--background-fill-secondary); border: 1px dashed #b45309; }
.pt-notice { align-self: flex-start; background: #fff7ed; color: #7c2d12; border: 1px solid #fdba74;
  border-left: 4px solid #f97316; }
.pt-role { font-size: 12px; font-weight: 600; color: var(--body-text-color-subdued); margin-bottom: 4px; }
.pt-text { white-space: pre-wrap; word-break: break-word; line-height: 1.75; }
.pt-badge { display: inline-block; font-size: 12px; color: #92400e; background: #fef3c7; border: 1px solid #fcd34d;
  border-radius: 999px; padding: 1px 10px; margin-bottom: 6px; }
.pt-chip { display: inline-block; font-size: 12px; line-height: 1.5; margin: 0 2px; padding: 0 7px; cursor: pointer;
  border-radius: 999px; border: 1px solid #93c5fd; background: #dbeafe; color: #1e40af; vertical-align: 1px; }
.pt-chip:hover, .pt-chip:focus { background: #bfdbfe; outline: 2px solid #3b82f6; }
.pt-cites { margin-top: 8px; font-size: 13px; display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.pt-cites span { color: var(--body-text-color-subdued); }
.pt-feedback { margin-top: 8px; font-size: 13px; display: flex; gap: 6px; align-items: center;
  color: var(--body-text-color-subdued); }
.pt-vote { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 1px 10px; cursor: pointer;
  background: var(--background-fill-secondary); font-size: 13px; font-weight: normal; }
.pt-vote:disabled { opacity: .5; cursor: default; }
.pt-sources { display: flex; flex-direction: column; gap: 10px; }
.pt-sources-head { font-weight: 600; }
.pt-source { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 8px 12px; }
.pt-source summary { cursor: pointer; }
.pt-selected { border: 2px solid #2563eb; box-shadow: 0 0 0 3px #dbeafe; }
.pt-source-n { color: #1e40af; font-weight: 600; }
.pt-source-doc, .pt-source-section, .pt-muted { color: var(--body-text-color-subdued); font-size: 13px; margin: 6px 0; }
.pt-source-text { white-space: pre-wrap; line-height: 1.75; margin: 6px 0; }
.pt-source-text mark { background: #fde68a; color: #1f2937; padding: 0 1px; border-radius: 2px; }
.pt-source-units { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; font-size: 13px;
  margin: 6px 0 0; }
.pt-source-units dt { font-weight: 600; }
.pt-source-units dd { margin: 0; }
.pt-table { font-size: 13px; width: 100%; }
.pt-table th, .pt-table td { padding: 4px 8px; vertical-align: top; }
.pt-table td:nth-child(1), .pt-table td:nth-child(3), .pt-table th { white-space: nowrap; }
.pt-task { color: #1e40af; text-decoration: underline; cursor: pointer; background: none; border: 0; padding: 0;
  font-size: 13px;
  font-family: var(--font-mono); }
.pt-role-lead { color: #b91c1c; font-weight: 600; }
"""
