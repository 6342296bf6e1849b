"""What the web app shows, as pure functions: conversation and source-panel HTML, the
conversation as Markdown, the unit directory, the policy-matching checklist and its CSV,
batch files in and out, the staff table.

Everything a person or a document supplied is HTML-escaped here, once; the app hands the
strings to ``gr.HTML`` untouched. Markdown is never interpreted: answers and questions are
shown as plain text (``white-space: pre-wrap``), with ``[n]`` markers turned into chips.
Strings come from ``texts.py`` in the page's language ("zh" or "en").
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterable, Sequence

from assistant import Answer, Citation, Corpus, InputRejected, Turn, Unit, to_simplified, to_traditional

from .texts import CITE_NAMES, MATCH_CSV_COLUMNS, ROLE_NAMES, TEXTS

MAX_BATCH_QUESTIONS = 1000
_MARKER = re.compile(r"\[(\d+)\]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CSV_HEADER_ALIASES = {"id": "id", "编号": "id", "序号": "id", "question": "question", "问题": "question"}
BATCH_CSV_COLUMNS = ("id", "question", "answer", "refused", "citations", "quotes", "error", "latency_ms")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_<>])")


def _shanghai():
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Shanghai")
    except Exception:  # no tz database: China has kept UTC+8 without daylight saving since 1991
        return timezone(timedelta(hours=8), "Asia/Shanghai")


SHANGHAI = _shanghai()


@dataclass(frozen=True)
class Exchange:
    """One question of a web conversation and what came back: an answer, or a notice why not."""

    question: str
    answer: Answer | None = None
    notice: str = ""  # shown instead of an answer (input rejected, failure)
    helpful: bool | None = None  # the asker's feedback, once given
    number: int = 0  # 1-based place in the whole conversation (older exchanges may have been dropped)
    asked_at: datetime | None = None  # UTC


@dataclass(frozen=True)
class BatchInput:
    """An uploaded batch as CONTRACT question lines, and each line's question for the results table."""

    lines: tuple[str, ...]
    questions: tuple[str, ...]


def esc(text: object) -> str:
    """``text`` safe to place in HTML text or a quoted attribute."""
    return html.escape(str(text), quote=True)


def local_time(moment: datetime | str, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A UTC moment (``datetime`` or ISO 8601 text) as Asia/Shanghai local time; text it cannot read as is."""
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(SHANGHAI).strftime(fmt)


def _text(lang: str) -> dict[str, str]:
    return TEXTS.get(lang, TEXTS["zh"])


# ---------------------------------------------------------------- conversation state


def next_number(exchanges: Sequence[Exchange]) -> int:
    """The number the next exchange of this conversation gets."""
    return (exchanges[-1].number or len(exchanges)) + 1 if exchanges else 1


def bounded(exchanges: Sequence[Exchange], max_turns: int) -> list[Exchange]:
    """The last ``max_turns`` exchanges: what is kept, shown and read back as context."""
    return list(exchanges[-max_turns:]) if max_turns > 0 else []


def history_turns(exchanges: Sequence[Exchange]) -> tuple[Turn, ...]:
    """The turns ``Assistant.ask`` needs: every answered exchange, assistant turns with their cited ids."""
    turns: list[Turn] = []
    for exchange in exchanges:
        if exchange.answer is None:
            continue
        turns.append(Turn("user", exchange.question))
        turns.append(Turn("assistant", exchange.answer.text, tuple(c.unit_id for c in exchange.answer.citations)))
    return tuple(turns)


def rejection_message(exc: InputRejected, lang: str) -> str:
    """Why a question was rejected, in the page's language."""
    return exc.english if lang == "en" else str(exc)


def failure_message(lang: str) -> str:
    """The friendly message shown when answering failed unexpectedly."""
    return _text(lang)["failure"]


def is_english(text: str) -> bool:
    """Whether a question is written in English (no Chinese characters, some Latin letters)."""
    return not _CJK.search(text) and bool(re.search(r"[A-Za-z]", text))


# ---------------------------------------------------------------- citation names


def cite_name(corpus: Corpus, unit_id: str, lang: str = "zh") -> str:
    """How people cite a unit: 武汉方案第8条, 湖北方案分工表第44项, 武汉方案总体目标 (the id when unknown)."""
    if not corpus.has(unit_id):
        return unit_id
    unit = corpus.unit(unit_id)
    names = CITE_NAMES.get(lang, CITE_NAMES["zh"])
    document = names["docs"].get(unit.doc) or corpus.document(unit.doc).short_name or unit.doc
    pattern = names.get(unit.kind)
    if pattern is None or (unit.kind in ("measure", "annex") and unit.number is None):
        return f"{document} {unit.title}"
    return pattern.format(doc=document, n=unit.number)


def _chip(corpus: Corpus, citation: Citation, number: int, turn: int, lang: str) -> str:
    """A named chip under an answer: the readable name, the id and title in its tooltip."""
    name = cite_name(corpus, citation.unit_id, lang)
    title = citation.unit_id
    if corpus.has(citation.unit_id):
        title += " · " + corpus.unit(citation.unit_id).title
    return (f'<button type="button" class="pt-chip pt-cite" data-cite="{number}" data-turn="{turn}" '
            f'data-unit="{esc(citation.unit_id)}" title="{esc(title)}">'
            f'<span class="pt-chip-n">{number}</span>{esc(name)}</button>')


def _marker(corpus: Corpus, citation: Citation, number: int, turn: int, lang: str, script: str = "simplified") -> str:
    """An inline ``[n]`` marker: hovering or tapping it previews the quoted sentence."""
    name = cite_name(corpus, citation.unit_id, lang)
    label = _text(lang)["source_n"].format(n=number)
    return (f'<button type="button" class="pt-chip pt-marker" data-cite="{number}" data-turn="{turn}" '
            f'data-unit="{esc(citation.unit_id)}" data-name="{esc(name)}" '
            f'data-quote="{esc(_in_script(citation.quote, script))}" '
            f'aria-label="{esc(label)}: {esc(name)}">{number}</button>')


def answer_text_html(corpus: Corpus, text: str, citations: Sequence[Citation], turn: int, lang: str = "zh",
                     script: str = "simplified") -> str:
    """Escaped answer text with each valid ``[n]`` marker as a chip that previews its quote (in the
    asker's ``script``)."""
    parts: list[str] = []
    position = 0
    for match in _MARKER.finditer(text):
        number = int(match.group(1))
        if not 1 <= number <= len(citations):
            continue
        parts.append(esc(text[position:match.start()]))
        parts.append(_marker(corpus, citations[number - 1], number, turn, lang, script))
        position = match.end()
    parts.append(esc(text[position:]))
    return "".join(parts)


# ---------------------------------------------------------------- conversation


def counter_html(lang: str, limit: int, message: str = "") -> str:
    """The line under the question box: the count against the limit, and a message when a
    question was not sent (why). The browser keeps the count up to date (``static/counter.js``).
    """
    t = _text(lang)
    status = f'<div class="pt-status" role="alert">{esc(message)}</div>' if message else ""
    return (f'{status}<div class="pt-counter" data-limit="{limit}" data-template="{esc(t["counter"])}">'
            f'<span class="pt-over" role="alert" hidden>{esc(t["over_limit"].format(limit=limit))}</span>'
            f'<span class="pt-count">{esc(t["counter"].format(n=0, limit=limit))}</span></div>')


def conversation_html(exchanges: Sequence[Exchange], corpus: Corpus, lang: str = "zh",
                      now: datetime | None = None) -> str:
    """The whole conversation, with a hidden Markdown copy of it for the download button.

    Questions are text, answers carry chips and a copy button, refusals and notices are set
    apart; a note says when older exchanges were dropped. ``now`` (UTC) dates the download.
    """
    t = _text(lang)
    opening = f'<div class="pt-conversation" data-open="{esc(t["open_source"])}" data-turns="{len(exchanges)}"'
    if not exchanges:
        return f'{opening}><div class="pt-empty">{esc(t["empty_conversation"])}</div></div>'
    dropped = (exchanges[0].number or 1) - 1
    note = (f'<div class="pt-trimmed">{esc(t["trimmed"].format(n=len(exchanges), dropped=dropped))}</div>'
            if dropped > 0 else "")
    now = now or datetime.now(timezone.utc)
    filename = t["file_name"].format(stamp=local_time(now, "%Y%m%d-%H%M"))
    markdown = (f'<pre class="pt-markdown" hidden data-filename="{esc(filename)}">'
                f'{esc(conversation_markdown(exchanges, corpus, lang, now))}</pre>')
    turns = "".join(_exchange_html(i, exchange, corpus, lang) for i, exchange in enumerate(exchanges))
    return f'{opening} data-last="{exchanges[-1].number or len(exchanges)}">{note}{turns}{markdown}</div>'


def _role_line(name: str, asked_at: datetime | None) -> str:
    when = f' <time>{esc(local_time(asked_at, "%H:%M"))}</time>' if asked_at else ""
    return f'<div class="pt-role">{esc(name)}{when}</div>'


def _exchange_html(turn: int, exchange: Exchange, corpus: Corpus, lang: str) -> str:
    t = _text(lang)
    user = (f'<div class="pt-msg pt-user">{_role_line(t["you"], exchange.asked_at)}'
            f'<div class="pt-text">{esc(exchange.question)}</div></div>')
    answer = exchange.answer
    if answer is None:
        reply = (f'<div class="pt-msg pt-notice" role="alert">{_role_line(t["notice"], None)}'
                 f'<div class="pt-text">{esc(exchange.notice)}</div></div>')
        return f'<div class="pt-turn" data-turn="{turn}">{user}{reply}</div>'
    classes = "pt-msg pt-assistant pt-refused" if answer.refused else "pt-msg pt-assistant"
    badge = f'<div class="pt-badge">{esc(t["refused_badge"])}</div>' if answer.refused else ""
    sources = ""
    if answer.citations:
        chips = "".join(_chip(corpus, c, n, turn, lang) for n, c in enumerate(answer.citations, start=1))
        sources = f'<div class="pt-cites"><span>{esc(t["basis"])}</span>{chips}</div>'
    copy = (f'<button type="button" class="pt-copy" data-copied="{esc(t["copied"])}" '
            f'data-failed="{esc(t["copy_failed"])}">{esc(t["copy"])}</button>'
            f'<pre class="pt-copy-text" hidden>{esc(answer_copy_text(answer, corpus, lang))}</pre>')
    text = answer_text_html(corpus, answer.text, answer.citations, turn, lang, asker_script(exchange.question))
    reply = (f'<div class="{classes}">{_role_line(t["assistant"], None)}{badge}'
             f'<div class="pt-text">{text}</div>'
             f'{sources}<div class="pt-actions">{copy}{_feedback_html(turn, exchange.helpful, lang)}</div></div>')
    return f'<div class="pt-turn" data-turn="{turn}">{user}{reply}</div>'


def _feedback_html(turn: int, helpful: bool | None, lang: str) -> str:
    t = _text(lang)
    if helpful is not None:
        verdict = t["helpful"] if helpful else t["unhelpful"]
        return f'<div class="pt-feedback pt-feedback-done">{esc(t["feedback_done"].format(verdict=verdict))}</div>'
    return (f'<div class="pt-feedback"><span>{esc(t["feedback_ask"])}</span>'
            f'<button type="button" class="pt-vote" data-vote="up" data-turn="{turn}">{esc(t["helpful"])}</button>'
            f'<button type="button" class="pt-vote" data-vote="down" data-turn="{turn}">{esc(t["unhelpful"])}</button>'
            f'</div>')


# ---------------------------------------------------------------- copy and download


def _source_lines(answer: Answer, corpus: Corpus, lang: str) -> list[str]:
    lines = []
    for number, citation in enumerate(answer.citations, start=1):
        title = corpus.unit(citation.unit_id).title if corpus.has(citation.unit_id) else ""
        head = f"[{number}] {cite_name(corpus, citation.unit_id, lang)} ({citation.unit_id})"
        head += f" {title}" if title else ""
        lines.append(f"{head}: 「{citation.quote}」" if citation.quote else head)
    return lines


def answer_copy_text(answer: Answer, corpus: Corpus, lang: str = "zh") -> str:
    """An answer as plain text with its numbered sources (name, id, title, quote) below it."""
    lines = [answer.text]
    if answer.citations:
        lines += ["", _text(lang)["md_sources"], *_source_lines(answer, corpus, lang)]
    return "\n".join(lines)


def markdown_text(text: str) -> str:
    """``text`` with the characters Markdown would read as markup (or HTML) backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def conversation_markdown(exchanges: Sequence[Exchange], corpus: Corpus, lang: str = "zh",
                          now: datetime | None = None) -> str:
    """The conversation as a Markdown document: each question, its answer and its sources."""
    t = _text(lang)
    now = now or datetime.now(timezone.utc)
    out = [t["md_title"], "", t["md_exported"].format(time=local_time(now, "%Y-%m-%d %H:%M")), ""]
    for position, exchange in enumerate(exchanges, start=1):
        asked = local_time(exchange.asked_at, "%H:%M") if exchange.asked_at else ""
        out += [t["md_turn"].format(n=exchange.number or position, time=asked).rstrip(" ·"), ""]
        out += [f"**{t['you']}:** {markdown_text(exchange.question)}", ""]
        answer = exchange.answer
        if answer is None:
            out += [f"**{t['md_notice']}** {markdown_text(exchange.notice)}", ""]
            continue
        refused = f" {t['md_refused']}" if answer.refused else ""
        out += [f"**{t['assistant']}:**{refused} {markdown_text(answer.text)}", ""]
        if answer.citations:
            out += [t["md_sources"], ""]
            out += [f"- {markdown_text(line)}" for line in _source_lines(answer, corpus, lang)]
            out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- sources


def quote_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text``: verbatim, else in either script, else ignoring white space."""
    if not quote:
        return None
    start = text.find(quote)
    if start >= 0:
        return start, start + len(quote)
    # to_simplified keeps one character for one, so positions in the converted text are
    # positions in the original
    simplified = to_simplified(text)
    key = to_simplified(quote)
    start = simplified.find(key)
    if start >= 0:
        return start, start + len(key)
    letters = [re.escape(ch) for ch in key if not ch.isspace()]
    found = re.search(r"\s*".join(letters), simplified) if letters else None
    return found.span() if found else None


def highlight_html(text: str, quote: str) -> str:
    """Escaped ``text`` with the quoted span wrapped in ``<mark>``."""
    span = quote_span(text, quote)
    if span is None:
        return esc(text)
    start, end = span
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


def asker_script(question: str) -> str:
    """"traditional" when a question is written in Traditional characters, else "simplified"."""
    han = [ch for ch in question if "\u4e00" <= ch <= "\u9fff"]
    changed = sum(1 for a, b in zip(question, to_simplified(question)) if a != b)
    return "traditional" if han and changed / len(han) > 0.05 else "simplified"


def sources_html(corpus: Corpus, citations: Sequence[Citation], selected: str | None = None,
                 number: int | None = None, lang: str = "zh", script: str = "simplified") -> str:
    """The source panel: every cited unit in full, its quote highlighted; ``selected`` opened and marked.

    ``number`` is the question's number in the conversation, for the heading. The clause is
    shown in the asker's ``script`` (the Wuhan plan is Traditional, the Hubei plan
    Simplified), its original one click away.
    """
    t = _text(lang)
    if not citations:
        return f'<div class="pt-sources"><div class="pt-empty">{esc(t["sources_empty"])}</div></div>'
    selected = selected if selected in {c.unit_id for c in citations} else citations[0].unit_id
    head = t["sources_head"].format(n=number or 1, count=len(citations))
    cards = "".join(_source_card(corpus, n, c, c.unit_id == selected, lang, script)
                    for n, c in enumerate(citations, start=1) if corpus.has(c.unit_id))
    return f'<div class="pt-sources"><div class="pt-sources-head">{esc(head)}</div>{cards}</div>'


def _named(corpus: Corpus, unit_id: str, lang: str) -> str:
    """A unit's readable name with its id in the tooltip."""
    return f'<span class="pt-name" title="{esc(unit_id)}">{esc(cite_name(corpus, unit_id, lang))}</span>'


def _in_script(text: str, script: str) -> str:
    return to_traditional(text) if script == "traditional" else to_simplified(text)


def _shown_text_html(unit: Unit, quote: str, script: str, lang: str) -> str:
    """The clause in the asker's script with the quote highlighted, and the original behind a click
    when it differs."""
    shown = _in_script(unit.text, script)
    span = quote_span(unit.text, quote)
    if span is not None and len(shown) == len(unit.text):  # the conversion kept one character for one
        start, end = span
        body = f"{esc(shown[:start])}<mark>{esc(shown[start:end])}</mark>{esc(shown[end:])}"
    else:
        body = highlight_html(shown, _in_script(quote, script))
    html = f'<div class="pt-source-text">{body}</div>'
    if shown != unit.text:
        html += (f'<details class="pt-original"><summary>{esc(_text(lang)["original"])}</summary>'
                 f'<div class="pt-source-text">{highlight_html(unit.text, quote)}</div></details>')
    return html


def _source_card(corpus: Corpus, number: int, citation: Citation, selected: bool, lang: str,
                 script: str = "simplified") -> str:
    unit = corpus.unit(citation.unit_id)
    document = corpus.document(unit.doc)
    issued = " · ".join(p for p in (document.issuer, document.number or "", document.date) if p)
    section = " › ".join(unit.section)
    classes = "pt-source pt-selected" if selected else "pt-source"
    return (f'<details class="{classes}" data-unit="{esc(unit.id)}"{" open" if selected else ""}>'
            f'<summary><span class="pt-source-n">[{number}]</span> {_named(corpus, unit.id, lang)} '
            f'<b>{esc(unit.title)}</b></summary>'
            f'<div class="pt-source-doc">{esc(document.title)}<br><small>{esc(issued)}</small></div>'
            + (f'<div class="pt-source-section">{esc(section)}</div>' if section else "")
            + _shown_text_html(unit, citation.quote, script, lang)
            + f'{_roles_html(corpus, unit, lang)}</details>')


def _roles_html(corpus: Corpus, unit: Unit, lang: str) -> str:
    t = _text(lang)
    rows = []
    if unit.lead_units:
        rows.append(f"<dt>{esc(t['lead_units'])}</dt><dd>{esc('、'.join(unit.lead_units))}</dd>")
    if unit.responsible_units:
        rows.append(f"<dt>{esc(t['responsible_units'])}</dt><dd>{esc('、'.join(unit.responsible_units))}</dd>")
    if unit.measure and corpus.has(unit.measure):
        rows.append(f"<dt>{esc(t['measure_of_row'])}</dt><dd>{_named(corpus, unit.measure, lang)} "
                    f"{esc(corpus.unit(unit.measure).title)}</dd>")
    for row in corpus.annex_rows(unit.id):
        rows.append(f"<dt>{_named(corpus, row.id, lang)}</dt><dd>{esc(_row_roles(row, lang))}</dd>")
    return f'<dl class="pt-source-units">{"".join(rows)}</dl>' if rows else ""


def _row_roles(unit: Unit, lang: str) -> str:
    t = _text(lang)
    parts = []
    if unit.lead_units:
        parts.append(t["row_leads"] + "、".join(unit.lead_units))
    if unit.responsible_units:
        parts.append(t["row_units"] + "、".join(unit.responsible_units))
    return ";".join(parts) or t["row_none"]


# ---------------------------------------------------------------- unit directory


def task_choices(corpus: Corpus, lang: str = "zh") -> list[tuple[str, str]]:
    """(label, unit id) for every task that names units, directly or through its annex rows."""
    return [(f"{cite_name(corpus, unit.id, lang)} · {unit.title}", unit.id) for unit in corpus.units
            if unit.units or corpus.annex_rows(unit.id)]


def unit_roles_html(corpus: Corpus, name: str, leads: Sequence[Unit], shares: Sequence[Unit],
                    lang: str = "zh") -> str:
    """Every task one government unit leads or shares, per document, by name; rows open the task."""
    t = _text(lang)
    if not leads and not shares:
        return f'<div class="pt-directory"><div class="pt-empty">{esc(t["no_tasks"].format(name=name))}</div></div>'
    lead_ids = {u.id for u in leads}
    roles = ROLE_NAMES.get(lang, ROLE_NAMES["zh"])
    role_of = {u.id: "share" for u in shares} | {u_id: "lead" for u_id in lead_ids}
    sections = []
    for document in corpus.documents:
        units = [u for u in corpus.units if u.doc == document.doc_id and u.id in role_of]
        if not units:
            continue
        rows = "".join(
            f'<tr><td><button type="button" class="pt-task" data-task="{esc(u.id)}" title="{esc(u.id)}">'
            f'{esc(cite_name(corpus, u.id, lang))}</button></td><td>{esc(u.title)}</td>'
            f'<td class="pt-role-{role_of[u.id]}">{esc(roles[role_of[u.id]])}</td>'
            f'<td>{esc(_row_roles(u, lang))}</td></tr>' for u in units)
        heading = t["doc_count"].format(doc=document.short_name or document.title, n=len(units))
        sections.append(f'<h4>{esc(heading)}</h4>'
                        f'<table class="pt-table"><thead><tr><th>{esc(t["col_id"])}</th><th>{esc(t["col_task"])}</th>'
                        f'<th>{esc(t["col_role"])}</th><th>{esc(t["col_units"])}</th></tr></thead>'
                        f'<tbody>{rows}</tbody></table>')
    summary = t["roles_summary"].format(leads=len(lead_ids), shares=len(role_of) - len(lead_ids))
    return (f'<div class="pt-directory"><h3>{esc(name)}</h3><p class="pt-muted">{esc(summary)}</p>'
            f'{"".join(sections)}</div>')


def task_units_html(corpus: Corpus, unit_id: str, lang: str = "zh") -> str:
    """One task's text and the units named for it (for a measure: those of its annex rows)."""
    if not corpus.has(unit_id):
        return f'<div class="pt-directory"><div class="pt-empty">{esc(_text(lang)["pick_task"])}</div></div>'
    unit = corpus.unit(unit_id)
    document = corpus.document(unit.doc)
    body = f'<div class="pt-source-text">{esc(unit.text)}</div>'
    return (f'<div class="pt-directory"><h3>{_named(corpus, unit.id, lang)} {esc(unit.title)}</h3>'
            f'<p class="pt-muted">{esc(document.title)}</p>{body}{_roles_html(corpus, unit, lang)}</div>')


# ---------------------------------------------------------------- policy matching
#
# ``understood`` and ``result`` are the library's ``Understood`` and ``MatchResult``; ``choices``
# its ``FormChoices`` (they name the kinds, stages, needs and places in the page language).


def _names(names: Iterable[str], choices, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(choices.label(n, lang) for n in names)


def match_understood_html(understood, choices, lang: str = "zh", heading: str = "") -> str:
    """What a match rests on: kinds, stages, needs, place (and what the description says it has)."""
    t = _text(lang)
    none = "—"
    rows = [(t["match_entity"], _names(understood.entity, choices, lang) or none),
            (t["match_stage"], _names(understood.stage, choices, lang) or none),
            (t["match_needs"], _names(understood.needs, choices, lang) or t["match_open"]),
            (t["match_place"], choices.label(understood.place, lang) if understood.place else none)]
    if understood.has:
        rows.append((t["match_has"], _names(understood.has, choices, lang)))
    items = "".join(f"<dt>{esc(name)}</dt><dd>{esc(value)}</dd>" for name, value in rows)
    head = f'<div class="pt-match-head">{esc(heading)}</div>' if heading else ""
    return f'<div class="pt-match-understood">{head}<dl>{items}</dl></div>'


def match_message_html(message: str) -> str:
    """A message where the matching page's text would be (input rejected, failure), as an alert."""
    return f'<div class="pt-status" role="alert">{esc(message)}</div>'


def match_hint_html(text: str) -> str:
    """A quiet line saying what to do next on the matching page."""
    return f'<div class="pt-match"><div class="pt-empty">{esc(text)}</div></div>'


def _match_terms(terms: Sequence[str]) -> str:
    return "; ".join(terms)


def _match_contacts(contacts: Sequence[str]) -> str:
    return "、".join(contacts)


def _match_row_html(number: int, measure, corpus: Corpus, lang: str) -> str:
    t = _text(lang)
    name = cite_name(corpus, measure.measure_id, lang)
    check = (f'<label class="pt-check"><input type="checkbox" data-unit="{esc(measure.measure_id)}" '
             f'aria-label="{esc(t["match_check_row"].format(name=name))}"><span>{number}</span></label>')
    cells = [("check", check),
             ("measure", f"{_named(corpus, measure.measure_id, lang)} · {esc(measure.title)}"),
             ("why", esc(measure.why)), ("terms", esc(_match_terms(measure.terms))),
             ("contacts", esc(_match_contacts(measure.contacts))),
             ("quote", f'<span class="pt-match-quoted">「{esc(measure.quote)}」</span>' if measure.quote else "")]
    tds = "".join(f'<td class="pt-match-{key}" data-label="{esc(t["match_col_" + key])}">{html}</td>'
                  for key, html in cells)
    return f'<tr data-unit="{esc(measure.measure_id)}">{tds}</tr>'


def match_table_html(result, corpus: Corpus, lang: str = "zh") -> str:
    """The checklist: one row a measure (a box to tick, its name with the id in the tooltip, what it
    offers, its terms, contacts and quote), in a frame that scrolls sideways or, on a phone, stacks."""
    t = _text(lang)
    head = "".join(f'<th scope="col">{esc(t["match_col_" + key])}</th>'
                   for key in ("check", "measure", "why", "terms", "contacts", "quote"))
    rows = "".join(_match_row_html(n, m, corpus, lang) for n, m in enumerate(result.measures, start=1))
    return (f'<div class="pt-match-scroll"><table class="pt-match-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{rows}</tbody></table></div>')


def match_result_html(result, corpus: Corpus, choices, lang: str = "zh", now: datetime | None = None) -> str:
    """A match: what it rests on, then the note when nothing applies, or the checklist with buttons to
    download it as CSV (the page holds the CSV) and to print it. ``now`` (UTC) dates both."""
    t = _text(lang)
    basis = match_understood_html(result.understood, choices, lang, t["match_basis_head"])
    if not result.measures:
        return (f'<div class="pt-match"><div class="pt-match-print">{basis}'
                f'<div class="pt-match-note" role="status">{esc(result.note)}</div></div></div>')
    now = now or datetime.now(timezone.utc)
    filename = t["match_file_name"].format(stamp=local_time(now, "%Y%m%d-%H%M"))
    actions = (f'<div class="pt-match-actions"><button type="button" class="pt-match-download">'
               f'{esc(t["match_download"])}</button><button type="button" class="pt-match-print-button">'
               f'{esc(t["match_print"])}</button></div>')
    made = f'<div class="pt-match-made">{esc(t["match_made_at"].format(time=local_time(now, "%Y-%m-%d %H:%M")))}</div>'
    count = f'<div class="pt-match-count">{esc(t["match_count"].format(n=len(result.measures)))}</div>'
    csv_copy = (f'<pre class="pt-match-csv" hidden data-filename="{esc(filename)}">'
                f'{esc(match_csv(result, corpus, lang))}</pre>')
    return (f'<div class="pt-match" data-count="{len(result.measures)}">{actions}<div class="pt-match-print">'
            f'{made}{basis}{count}{match_table_html(result, corpus, lang)}</div>{csv_copy}</div>')


def match_csv(result, corpus: Corpus, lang: str = "zh") -> str:
    """The checklist as CSV for Excel: a byte-order mark (so that Excel reads the Chinese as UTF-8),
    the columns of ``MATCH_CSV_COLUMNS`` in the page language, one row a measure."""
    out = io.StringIO()
    out.write("\ufeff")
    # LF line ends: the page holds this text, and HTML would turn CR LF into LF anyway
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MATCH_CSV_COLUMNS.get(lang, MATCH_CSV_COLUMNS["zh"]))
    for number, m in enumerate(result.measures, start=1):
        writer.writerow([number, m.measure_id, f"{cite_name(corpus, m.measure_id, lang)} · {m.title}", m.why,
                         _match_terms(m.terms), _match_contacts(m.contacts), m.quote])
    return out.getvalue()


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

FEEDBACK_HEADERS = ["编号", "时间(北京时间)", "评价", "意见", "问题", "依据", "回答"]
# in pixels, so that a phone scrolls the table sideways instead of squeezing it
FEEDBACK_COLUMN_WIDTHS = ["60px", "150px", "80px", "180px", "200px", "110px", "420px"]


def feedback_rows(items: Iterable) -> list[list]:
    """Rows for the staff feedback table (``FEEDBACK_HEADERS``) from stored feedback records, times in Beijing time."""
    return [[item.id, local_time(item.created_at), "有帮助" if item.helpful else "没帮助", item.comment, item.question,
             " ".join(c.unit_id for c in item.citations), item.answer] for item in items]
