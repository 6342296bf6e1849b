"""Parse a Chinese policy document into citable units.

It reads the common structure of such documents rather than line numbers: an issuing
notice ending in a date, a title, an opening paragraph, ``一、`` sections, ``(一)``
sub-sections, numbered items ``1.``, ``(责任单位:…)`` notes and an ``附件`` table with
序号/工作事项/牵头单位/责任单位 columns. It also repairs what PDF conversion breaks: page-number
lines, sentences split across page breaks, issuer names split over lines, and a table
split into page blocks with repeated headers. Pure: text in, units out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from ..errors import CorpusError
from ..language.text import cjk_bigrams, normalize, simplify, split_list
from ..types import DocumentInfo, Unit

PARSER_VERSION = "1"

_PAGE_NUMBER = re.compile(r"^[—–\-－]+\s*\d+\s*[—–\-－]+$")
# A reposting site appends its own footer; 抄送/印发 lines close an official document.
# Neither is part of the policy text.
_FOOTER_START = re.compile(r"^(原文链接|免责声明|抄送)\s*[:：]?")
_NOISE_LINE = re.compile(r"^(top|客服|电话|微信)$", re.IGNORECASE)
_TOP_HEADING = re.compile(r"^([一二三四五六七八九十]+)\s*、\s*(.+)$")
_SUB_HEADING = re.compile(r"^[(（]\s*([一二三四五六七八九十]+)\s*[)）]\s*(.+)$")
_ITEM = re.compile(r"^(\d{1,3})\s*[.．]\s*(?!\d)(.+)$")
_ANNEX = re.compile(r"^附件\s*\d*\s*[:：]?\s*(.*)$")
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_TABLE_SEPARATOR = re.compile(r"^[\s|:\-—]+$")
_SENTENCE_FINAL = tuple("。；;！!？?:：")
_RESPONSIBLE_NOTE = re.compile(r"[(（]\s*(?:牵头单位\s*[:：]\s*(?P<lead>[^;；()（）]+?)\s*[;；]\s*)?责任单位\s*[:：]\s*(?P<resp>.+?)\s*[)）]\s*$")
_LEAD_CLAUSE = re.compile(r"由(?P<lead>[^,，。;；]+?)牵头")
_ALL_LEAD_SUFFIX = "按职责分工负责"
_NESTED_NOTE = re.compile(r"[〈<《][^〉>》]*[〉>》]|[(（][^()（）]*[)）]")
_ORG_SUFFIX = re.compile(r"(办公室|办|厅|局|分行|银行|委员会|委|会|院|部|署|中心|政府|公司|集团|市|州|县|区)$")
_NATIONAL_BODY = re.compile(r"^(国家|中国).+(总局|委员会)$")
_BRANCH_NAME = re.compile(r"^[\u4e00-\u9fff]{2,3}(监管局|分局)$")


@dataclass
class _Line:
    number: int  # 1-based line number in the source file
    text: str  # as in the source, trailing white space removed
    plain: str  # simplified, half-width, stripped: for classification only


@dataclass
class _Block:
    kind: str  # measure | text
    start: int
    section: tuple[str, ...]
    number: int | None = None
    lines: list[_Line] = field(default_factory=list)


def _fail(info: DocumentInfo, line: int | None, why: str) -> CorpusError:
    where = f"{info.source_file}" + (f", line {line}" if line else "")
    return CorpusError(f"cannot parse {info.doc_id} ({where}): {why}")


def _clean_lines(raw: str) -> list[_Line]:
    """Source lines without page numbers, site chrome and the closing distribution footer."""
    out: list[_Line] = []
    for number, text in enumerate(raw.splitlines(), start=1):
        text = text.rstrip()
        plain = simplify(text).strip()
        if _FOOTER_START.match(plain):
            break
        if not plain or _PAGE_NUMBER.match(plain) or _NOISE_LINE.match(plain):
            continue
        out.append(_Line(number, text.strip(), plain))
    return out


def _join_paragraph(lines: list[_Line]) -> str:
    """Join lines into text: a line that ends mid-sentence (a page break) runs on."""
    text = ""
    for line in lines:
        if text and not text.endswith(_SENTENCE_FINAL):
            text += line.text
        elif text:
            text += "\n" + line.text
        else:
            text = line.text
    return text


def _repair_issuers(names: list[_Line]) -> list[str]:
    """Undo issuer names broken over lines by a two-column PDF signature block.

    A name that does not end like an organisation runs on into the next line
    (湖北省人民政府国有资产 / 监督管理委员会); a bare branch (湖北监管局) belongs to the
    nearest national body above it that has no branch yet (国家金融监督管理总局).
    """
    merged: list[str] = []
    plain: list[str] = []
    carry_text, carry_plain = "", ""
    for line in names:
        text, p = carry_text + line.text, carry_plain + line.plain
        if not _ORG_SUFFIX.search(p):
            carry_text, carry_plain = text, p
            continue
        carry_text, carry_plain = "", ""
        if _BRANCH_NAME.match(p):
            for i in range(len(merged) - 1, -1, -1):
                if _NATIONAL_BODY.match(plain[i]):
                    merged[i] += text
                    plain[i] += p
                    break
            else:
                merged.append(text)
                plain.append(p)
            continue
        merged.append(text)
        plain.append(p)
    if carry_text:
        merged.append(carry_text)
    return merged


def _units_of(enumeration: str) -> tuple[str, ...]:
    """Unit names of a 责任单位/牵头单位 list, without notes such as 〈含开发区…〉."""
    cleaned = _NESTED_NOTE.sub("", simplify(enumeration))
    seen: list[str] = []
    for name in split_list(cleaned):
        name = re.sub(r"\s+", "", name)
        if name and name not in seen:
            seen.append(name)
    return tuple(seen)


def _title_of(text: str) -> str:
    """The phrase before the first 。 (number prefix removed), Simplified."""
    plain = simplify(text).strip()
    match = _ITEM.match(plain)
    if match:
        plain = match.group(2)
    return plain.split("。", 1)[0].strip()


def _heading_label(match: re.Match, open_paren: bool) -> str:
    title = re.sub(r"\s+", "", match.group(2)).split("。", 1)[0]
    return f"({match.group(1)}){title}" if open_paren else f"{match.group(1)}、{title}"


def _parse_front(info: DocumentInfo, lines: list[_Line]) -> tuple[str, str, str]:
    """Split the front matter into (notice, title, opening) texts."""
    date_at = next((i for i, line in enumerate(lines) if _DATE_LINE.match(line.plain)), None)
    notice = ""
    rest = lines
    if date_at is not None:
        head = lines[: date_at + 1]
        body_end = max((i for i, line in enumerate(head) if line.plain.endswith(_SENTENCE_FINAL)), default=-1)
        issuers = _repair_issuers(head[body_end + 1 : date_at])
        notice = "\n".join([line.text for line in head[: body_end + 1]] + issuers + [head[date_at].text])
        rest = lines[date_at + 1 :]
    title_lines: list[_Line] = []
    while rest and not rest[0].plain.endswith(_SENTENCE_FINAL) and len(rest[0].plain) <= 40:
        title_lines.append(rest[0])
        rest = rest[1:]
    title = "".join(line.text for line in title_lines)
    opening = _join_paragraph(rest)
    if not (notice or title or opening):
        raise _fail(info, lines[0].number if lines else None, "no issuing notice or opening before the first section")
    return notice, title, opening


def _parse_table(info: DocumentInfo, lines: list[_Line], section: tuple[str, ...]) -> list[Unit]:
    """Rows of the annex 任务分工表, page blocks and repeated headers merged."""
    columns: dict[str, int] | None = None
    rows: list[dict] = []
    for line in lines:
        if not line.text.startswith("|"):
            continue
        if _TABLE_SEPARATOR.match(line.text):
            continue
        cells = [c.strip() for c in line.text.strip().strip("|").split("|")]
        plain_cells = [simplify(c).strip() for c in cells]
        if "序号" in plain_cells:
            columns = {name: plain_cells.index(name) for name in ("序号", "工作事项", "牵头单位", "责任单位") if name in plain_cells}
            if "工作事项" not in columns or "牵头单位" not in columns:
                raise _fail(info, line.number, "annex header lacks 工作事项 or 牵头单位")
            continue
        if not any(cells):
            continue  # the blank header row a page block repeats
        if columns is None:
            raise _fail(info, line.number, "annex table row before any header row")
        if len(cells) < len(columns):
            raise _fail(info, line.number, f"annex row has {len(cells)} cells, header has {len(columns)}")

        def cell(name: str) -> str:
            return cells[columns[name]] if name in columns else ""

        seq = simplify(cell("序号")).strip()
        if not seq:
            if not rows:
                raise _fail(info, line.number, "annex continuation row with no row before it")
            for name in ("工作事项", "牵头单位", "责任单位"):
                rows[-1][name] += cell(name)
            continue
        if not seq.isdigit():
            raise _fail(info, line.number, f"annex 序号 {seq!r} is not a number")
        rows.append({"序号": int(seq), "line": line.number, "工作事项": cell("工作事项"),
                     "牵头单位": cell("牵头单位"), "责任单位": cell("责任单位")})
    if not rows:
        raise _fail(info, lines[0].number if lines else None, "annex has no table rows")
    units = []
    for expected, row in enumerate(rows, start=1):
        if row["序号"] != expected:
            raise _fail(info, row["line"], f"annex row {row['序号']} where row {expected} was expected")
        lead_cell = simplify(row["牵头单位"]).strip()
        lead_units = _units_of(lead_cell.removesuffix(_ALL_LEAD_SUFFIX))
        if not lead_units:
            raise _fail(info, row["line"], f"annex row {expected} names no 牵头单位")
        units.append(Unit(
            id=f"{info.doc_id}/annex-{expected}", doc=info.doc_id, kind="annex", number=expected,
            section=section, title=_title_of(row["工作事项"]), text=row["工作事项"].strip(),
            lead_units=lead_units, responsible_units=_units_of(row["责任单位"]),
        ))
    return units


def _link_annex(info: DocumentInfo, annex: list[Unit], targets: list[Unit]) -> list[Unit]:
    """Link each annex row to the unit whose text it restates, by character-pair containment."""
    target_keys = [(t, set(cjk_bigrams(normalize(t.text)))) for t in targets]
    linked = []
    for row in annex:
        grams = set(cjk_bigrams(normalize(row.text)))
        if not grams:
            raise _fail(info, None, f"annex row {row.number} has no text to link")
        best, score = max(((t, len(grams & keys) / len(grams)) for t, keys in target_keys), key=lambda p: p[1])
        if score < 0.6:
            raise _fail(info, None, f"annex row {row.number} restates no measure (best {best.id}, {score:.0%} shared)")
        linked.append(replace(row, measure=best.id))
    return linked


def _body_blocks(info: DocumentInfo, body: Sequence[_Line]) -> tuple[list[_Block], list[_Block], list[_Block]]:
    """The numbered items, and the unnumbered sections before and after them (goals, safeguards),
    with their section path; ``CorpusError`` for gaps in the numbering or stray text."""
    blocks: list[_Block] = []
    top: tuple[str, ...] = ()
    sub: tuple[str, ...] = ()
    for line in body:
        if m := _TOP_HEADING.match(line.plain):
            top, sub = (_heading_label(m, False),), ()
            blocks.append(_Block("text", line.number, top))
        elif m := _SUB_HEADING.match(line.plain):
            sub = (_heading_label(m, True),)
        elif m := _ITEM.match(line.plain):
            blocks.append(_Block("measure", line.number, top + sub, int(m.group(1)), [line]))
        elif blocks:
            blocks[-1].lines.append(line)
        else:
            raise _fail(info, line.number, "text before the first section")
    measures = [b for b in blocks if b.kind == "measure"]
    if not measures:
        raise _fail(info, body[0].number, "no numbered items (1. 2. …) found")
    for expected, block in enumerate(measures, start=1):
        if block.number != expected:
            raise _fail(info, block.start, f"item {block.number} where item {expected} was expected")
    first_measure_line = measures[0].start
    goals_blocks = [b for b in blocks if b.kind == "text" and b.lines and b.start < first_measure_line]
    safeguard_blocks = [b for b in blocks if b.kind == "text" and b.lines and b.start > first_measure_line]
    if len(goals_blocks) > 1 or len(safeguard_blocks) > 1:
        extra = (goals_blocks[1:] or safeguard_blocks[1:])[0]
        raise _fail(info, extra.start, "more than one unnumbered section on one side of the numbered items")
    return measures, goals_blocks, safeguard_blocks


def _measure_unit(doc: str, block: _Block) -> Unit:
    """A numbered item with the units its closing note names (牵头/责任单位)."""
    text = _join_paragraph(block.lines)
    plain = simplify(text)
    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    if note := _RESPONSIBLE_NOTE.search(plain):
        lead = _units_of(note.group("lead") or "")
        responsible = _units_of(note.group("resp"))
    return Unit(f"{doc}/{block.number}", doc, "measure", block.number, block.section, _title_of(text), text, lead,
                responsible)


def _framing_units(info: DocumentInfo, front: Sequence[_Line], goals_blocks: Sequence[_Block]) -> list[Unit]:
    """The issuing notice (preamble) and the goals: a goals section, else the opening paragraph."""
    notice, title, opening = _parse_front(info, front)
    doc = info.doc_id
    if goals_blocks:
        preamble_text = "\n".join(p for p in (notice, title, opening) if p)
        goals = goals_blocks[0]
        goals_unit = Unit(f"{doc}/goals", doc, "goals", None, (), goals.section[0].split("、", 1)[1],
                          _join_paragraph(goals.lines))
    else:
        preamble_text = "\n".join(p for p in (notice, title) if p)
        if not opening:
            raise _fail(info, front[-1].number if front else None, "no goals section and no opening paragraph")
        goals_unit = Unit(f"{doc}/goals", doc, "goals", None, (), "总体要求", opening)
    return [Unit(f"{doc}/preamble", doc, "preamble", None, (), simplify(title) or info.title, preamble_text), goals_unit]


def _safeguards_unit(doc: str, block: _Block) -> Unit:
    """The closing safeguards section, with the unit it says leads (if any)."""
    text = _join_paragraph(block.lines)
    lead_match = _LEAD_CLAUSE.search(simplify(text))
    return Unit(f"{doc}/safeguards", doc, "safeguards", None, block.section, block.section[0].split("、", 1)[1], text,
                _units_of(lead_match.group("lead")) if lead_match else ())


def _annex_units(info: DocumentInfo, annex_lines: Sequence[_Line], targets: Sequence[Unit]) -> list[Unit]:
    """The annex table's rows, each linked to the measure it restates."""
    m = _ANNEX.match(annex_lines[0].plain)
    annex_title = m.group(1) if m and m.group(1) else next(
        (line.plain for line in annex_lines[1:] if not line.text.startswith("|") and not _ANNEX.match(line.plain)), "")
    section = (f"附件 {annex_title}".strip(),)
    return list(_link_annex(info, _parse_table(info, annex_lines, section), targets))


def parse_document(raw: str, info: DocumentInfo) -> tuple[Unit, ...]:
    """Every citable unit of one document, in document order.

    Raises ``CorpusError`` naming the line and the reason when the text does not have the
    expected shape (no numbered items, numbering gaps, a malformed annex table).
    """
    lines = _clean_lines(raw)
    if not lines:
        raise _fail(info, None, "the document is empty")
    first_marker = next((i for i, line in enumerate(lines)
                         if _TOP_HEADING.match(line.plain) or _SUB_HEADING.match(line.plain) or _ITEM.match(line.plain)), None)
    if first_marker is None:
        raise _fail(info, None, "no 一、 sections or numbered items found")
    annex_at = next((i for i, line in enumerate(lines) if i > first_marker and _ANNEX.match(line.plain)), len(lines))
    front, body, annex_lines = lines[:first_marker], lines[first_marker:annex_at], lines[annex_at:]
    measures, goals_blocks, safeguard_blocks = _body_blocks(info, body)
    units = _framing_units(info, front, goals_blocks)
    targets = [_measure_unit(info.doc_id, block) for block in measures]
    units.extend(targets)
    if safeguard_blocks:
        safeguards = _safeguards_unit(info.doc_id, safeguard_blocks[0])
        units.append(safeguards)
        targets.append(safeguards)
    if annex_lines:
        units.extend(_annex_units(info, annex_lines, targets))
    return tuple(units)
