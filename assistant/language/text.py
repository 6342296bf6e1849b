"""Chinese text handling, in one place: script conversion, width folding, white space,
a map from normalised positions back to the original text, sentences and segmentation.

Everything here is pure; the OpenCC converter and jieba tokenizers are built lazily on
first use and cached, never at import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

# Bumped whenever normalisation changes: the index embeds normalised text, so its manifest
# records this and a change means rebuild.
NORMALIZER_VERSION = "2"
_FULLWIDTH_START, _FULLWIDTH_END, _FULLWIDTH_SHIFT = 0xFF01, 0xFF5E, 0xFEE0
_SAME_AS = {"\u2236": ":"}  # the ratio colon of 1∶1
_SENTENCE_END = "。；;！!？?"
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Characters that cannot appear in text a person typed on purpose (C0/C1 controls but
# tab and newline, and the Unicode "noncharacters"); surrogates appear when bytes that
# were not UTF-8 are decoded with surrogateescape.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


@lru_cache(maxsize=1)
def _t2s_converter():
    import opencc

    return opencc.OpenCC("t2s")


def _fold_char(ch: str) -> str:
    code = ord(ch)
    if _FULLWIDTH_START <= code <= _FULLWIDTH_END:
        return chr(code - _FULLWIDTH_SHIFT)
    if code == 0x3000:
        return " "
    return _SAME_AS.get(ch, ch)


def to_simplified(text: str) -> str:
    """Traditional→Simplified conversion, one character out for one in."""
    if not text:
        return text
    converted = _t2s_converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: convert character by character so positions
    # keep meaning (a rare loss of phrase context, never a shifted quote).
    out = []
    for ch in text:
        c = _t2s_converter().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


@lru_cache(maxsize=1)
def _s2t_converter():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Simplified→Traditional conversion (for answering in the asker's script)."""
    return _s2t_converter().convert(text) if text else text


def simplify(text: str) -> str:
    """Simplified script and half-width forms, nothing else changed (for titles and names)."""
    return "".join(_fold_char(c) for c in to_simplified(text))


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK ideograph."""
    return bool(_CJK_RE.match(ch))


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains any CJK ideograph."""
    return bool(_CJK_RE.search(text))


def message_size(text: str) -> int:
    """How long a message is, whatever its languages: its CJK ideographs and its words in Latin
    letters or digits ("嗰個比例 is it the same in the other plan?": 12)."""
    return len(_CJK_RE.findall(text)) + len(re.findall(r"[A-Za-z0-9]+", text))


@dataclass(frozen=True)
class Normalized:
    """Normalised text with, for each of its characters, the index of its source character."""

    text: str
    origin: tuple[int, ...]
    source: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source text that normalised ``[start, end)`` came from."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalised text of length {len(self.text)}")
        return self.origin[start], self.origin[end - 1] + 1

    def original(self, start: int, end: int) -> str:
        """The verbatim source text behind normalised ``[start, end)``."""
        a, b = self.original_span(start, end)
        return self.source[a:b]


def normalize_with_map(source: str) -> Normalized:
    """Simplified script, half-width forms, ASCII lower case, white space folded.

    White space next to a CJK character is dropped (PDF conversion scatters it: ``2027 年``);
    other runs of white space become one space. Control characters are dropped.
    """
    simplified = simplify(source).lower() if source else ""
    chars: list[str] = []
    origin: list[int] = []
    pending_space: int | None = None
    for i, ch in enumerate(simplified):
        if ch.isspace():
            if pending_space is None:
                pending_space = i
            continue
        if _CONTROL_RE.match(ch) or unicodedata.category(ch) == "Cf":
            continue
        if pending_space is not None:
            if chars and not is_cjk(chars[-1]) and not is_cjk(ch):
                chars.append(" ")
                origin.append(pending_space)
            pending_space = None
        chars.append(ch)
        origin.append(i)
    return Normalized("".join(chars), tuple(origin), source)


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """The normalised form used for search and comparison (see ``normalize_with_map``); memoised."""
    return normalize_with_map(text).text


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """The comparison key of the CONTRACT: normalised, with all white space removed.

    Memoised: a unit's text is folded again and again while answers are composed.
    """
    return re.sub(r"\s+", "", normalize(text))


@lru_cache(maxsize=4096)
def with_unquoted(folded: str) -> str:
    """A folded text as names are matched in it: also without its quotation marks (“专精特新”专板 is
    asked as 专精特新专板), the two joined by "|". Memoised: every candidate clause is matched so."""
    unquoted = re.sub(r"[“”\"「」『』]", "", folded)
    return folded if unquoted == folded else f"{folded}|{unquoted}"


def contains_folded(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` ignoring script, width, case and white space."""
    key = fold(needle)
    return bool(key) and key in fold(haystack)


def strip_control(text: str) -> str:
    """``text`` without control characters (newline and tab kept)."""
    return _CONTROL_RE.sub("", text)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``, each ending at its 。；！？ (white space trimmed)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END or ch == "\n":
            spans.append((start, i + 1 if ch != "\n" else i))
            start = i + 1
    spans.append((start, len(text)))
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


_EXCEPT = re.compile(r"除(?:了|去)?([^,，。?？、]{2,12}?)(?:以外|之外|外)?(?:[,，]|还|也)")


def set_aside(norm: str) -> str:
    """What a (read) question names only to set it aside ("除了财政局,还有哪些…" → 财政局); "" when none."""
    m = _EXCEPT.search(norm)
    return m.group(1) if m else ""


_STATEMENT_END = re.compile(f"[{_SENTENCE_END}：:\\n]")


def statements(text: str) -> list[str]:
    """The sentences of ``text``, a colon ending one too ("我想对比一下：武汉那份有没有…?"), empty ones dropped."""
    return [s for s in _STATEMENT_END.split(text) if s.strip()]


# where a typed message breaks: punctuation, and a space between Chinese characters (typed for a comma)
_TYPED_BREAK = re.compile(r"[,，。.?？!！;；、]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def typed_pieces(text: str) -> list[str]:
    """The pieces of a message as typed, lower-cased: split at punctuation and at spaces between
    Chinese characters ("谁牵头 我们国资委在配合名单里吗" → 谁牵头 | 我们国资委在配合名单里吗)."""
    return [piece for piece in _TYPED_BREAK.split(text.lower().strip()) if piece]


_CN_ORDER = "一二三四五六七八九十"
# Markers that open the items of an enumeration, as people write them: 其一…其二…, 一是…二是…, (1)…(2)…,
# 1.…2.…, 1、…2、…, (一)…(二)…, ①…②…, 一、…二、…, 第一,…第二,…, 1)…2)…, 甲、…乙、…, 首先…其次…最后…,
# first, … second, …;
# each kind is tried on its own and must count up from one.
_ITEM_START = r"(?:^|(?<=[\s,，;；。:：!！?？]))"  # where an item marker without brackets may stand
_ENUMERATION_MARKERS = (
    lambda n: f"其{_CN_ORDER[n - 1]}" if n <= 10 else None,  # 其一…其二… (before 一是: 其一是…)
    lambda n: f"{_CN_ORDER[n - 1]}(?:是|系(?!列|统))" if n <= 10 else None,  # Cantonese 一係…二係… (not 一系列)
    lambda n: f"[(（]{n}[)）]",
    lambda n: f"(?<![\\d.]){n}[.．、](?!\\d)",
    lambda n: f"[(（]{_CN_ORDER[n - 1]}[)）]" if n <= 10 else None,
    lambda n: "①②③④⑤⑥⑦⑧⑨⑩"[n - 1] if n <= 10 else None,
    lambda n: f"{_ITEM_START}{_CN_ORDER[n - 1]}[、.．]" if n <= 10 else None,  # 一、…二、…
    lambda n: f"第{_CN_ORDER[n - 1]}\\s*[,，、:：是]" if n <= 10 else None,  # 第一,…第二,…
    lambda n: f"(?<![\\d(（]){n}\\s*[)）]",  # 1) … 2) …
    lambda n: "甲乙丙丁戊己庚"[n - 1] + "[,，、:：是]" if n <= 7 else None,
    lambda n: f"(?<![a-z]){'abcdefg'[n - 1]}[.．、:：)）]" if n <= 7 else None,  # A. … B. … (lower-cased)
    lambda n: "首先" if n == 1 else "其次|再次|然后|此外|最后",  # 首先…其次…最后…
    # first, … second, … (lower-cased English)
    lambda n: rf"\b{('first', 'second', 'third', 'fourth', 'fifth', 'sixth')[n - 1]}(?:ly)?\s*[,:，：]" if n <= 6 else None,
    # "记了一下 1知识价值信用贷 2共赢贷 3股权激励贷" (its spaces normalised away): a bare number before
    # a name, counting up; not a count or amount ("3年期", "2家")
    lambda n: f"(?<![\\d.第]){n}(?![\\d.%])(?=[\u4e00-\u9fff])(?![万亿年个月日天家倍元项条号期次轮])",
)
ENUMERATION_ITEM_CHARS = 60


def _cut_item(item: str) -> str:
    """A numbered list item cut to ``ENUMERATION_ITEM_CHARS``, twice that when it is mostly Latin
    letters ("(三) the enterprise listing guidance service system, measures 23–25" keeps its numbers)."""
    latin = len(re.findall(r"[a-z]", item, re.IGNORECASE)) > len(item) // 2
    return item[:ENUMERATION_ITEM_CHARS * (2 if latin else 1)]


_CLAUSE_BREAK = re.compile(r"[,，;；。:：]")
# A year of the plans' time ("2027"), and one said as a year ("2027 年"): one pattern for every module
YEAR = r"20\d\d"
YEAR_SAID = YEAR + r"\s*年"
# a year written alone ("到2027"), not a figure that starts like one ("2000万", "2050亿元")
YEAR_ALONE = YEAR + r"(?!\d|\s*(?:万|亿|千|百|元|%|％))"
# A segment that only frames what follows: a date (到2030年), a means or basis (以…、按照…、依托…),
# a topic (对于控股型并购, 围绕…); the segment after it says what is done.
_FRAME = re.compile(rf"^(?:(?:到|至|截至)\s*{YEAR_SAID}(?:底|末)?$"
                    r"|以|按照|依托|围绕|通过|对于|聚焦|针对|在\S{0,12}(?:方面|领域|基础上)$"
                    r"|根据\S{0,24}情况$)")  # "根据尽责评估情况": the condition of what follows


def clause_segments(sentence: str) -> list[str]:
    """The comma-separated segments of a sentence, trimmed, empty ones dropped."""
    return [seg.strip() for seg in _CLAUSE_BREAK.split(sentence) if seg.strip()]


_ITEM_NUMBER = re.compile(r"^\d+\s*[.．]\s*")


def numbered_segments(sentence: str) -> list[str]:
    """A sentence's clause segments, the item number opening it dropped ("14.打造中国光谷…": the title, unnumbered)."""
    segments = clause_segments(sentence)
    return [_ITEM_NUMBER.sub("", segments[0]), *segments[1:]] if segments else []


_RESPECTIVELY = re.compile(r"分别|各自")


def respectively(segment: str) -> tuple[list[str], str] | None:
    """A segment saying things of a list of items respectively ("允许种子基金、天使基金分别出现最高不超过
    投资总额80%、60%的亏损"): the items before 分别 (what precedes the first one left on it) and what is
    said after; None when it says nothing respectively or names one item."""
    found = _RESPECTIVELY.search(segment)
    if not found:
        return None
    items = segment[:found.start()].split("、")
    return (items, segment[found.end():]) if len(items) >= 2 else None


def is_frame(segment: str) -> bool:
    """Whether a segment only frames the one after it ("到 2030 年", "以一流的…", "对于控股型并购")."""
    return bool(_FRAME.search(segment.strip()))


def numbered_items(text: str) -> list[str]:
    """The items of a list a text numbers (其一/其二, 一是/二是, (1)(2), 1./2., (一)(二), ①②, 一、二、,
    第一,第二, 1) 2), 甲乙, A. B., 首先…其次…最后) when there are at least two, or whose size it says before
    a colon ("两种贷款:A和B"); [] otherwise. Each item is cut to ``ENUMERATION_ITEM_CHARS``."""
    for marker in _ENUMERATION_MARKERS:
        starts: list[tuple[int, int]] = []
        while True:
            pattern = marker(len(starts) + 1)
            found = re.compile(pattern).search(text, starts[-1][1] if starts else 0) if pattern else None
            if found is None:
                break
            starts.append((found.start(), found.end()))
            if found.group(0) == "最后":
                break  # "首先…其次…最后…。此外…": the series ends with its last
        if len(starts) >= 2:
            return _items_at(text, starts)
    return _clauses_in_a_row(text) or _counted_items(text)


def _items_at(text: str, starts: Sequence[tuple[int, int]], keep_marker: bool = False) -> list[str]:
    """The items whose markers stand at ``starts``; the last ends with its sentence ("③…额度。先回答①")."""
    last = re.search(r"[。!?！？\n]", text[starts[-1][1]:])
    ends = [a for a, _ in starts[1:]] + [starts[-1][1] + last.start() if last else len(text)]
    items = [re.sub(r"^[是系]", "", text[a if keep_marker else b:e].strip(" ;；,，。:：\n")).strip()
             for (a, b), e in zip(starts, ends)]
    return [_cut_item(item) for item in items if item]


# "第17项:…;第18项:…", or each opening its own piece ("第6条健全…;第7条扩大…", "四条:第10条加强…;第11条支持…")
_CLAUSE_IN_A_ROW = re.compile(r"第\s*(\d{1,3})\s*(项|条|行)\s*[:：]|(?:^|(?<=[;；。,，、:：]))\s*第\s*(\d{1,3})\s*(项|条|行)(?=[\u4e00-\u9fff“])")


def _clauses_in_a_row(text: str) -> list[str]:
    """Clauses or rows listed by their own consecutive numbers ("第17项:…;第18项:…;第19项:…"), each
    item keeping its number (it names the row)."""
    found = list(_CLAUSE_IN_A_ROW.finditer(text))
    numbers = [int(m.group(1) or m.group(3)) for m in found]
    if len(found) < 2 or len({m.group(2) or m.group(4) for m in found}) != 1:
        return []
    if numbers != list(range(numbers[0], numbers[0] + len(found))):
        return []
    return _items_at(text, [(m.start(), m.end()) for m in found], keep_marker=True)


def enumeration(text: str) -> list[str]:
    """The items of the list a text enumerates, in order ([] when it enumerates none): those it
    numbers (``numbered_items``), else those it separates (``separated_items``)."""
    return numbered_items(text) or separated_items(text)


# a list a word introduces in running text: 包括/包含/涵盖/分为/分别是 and the 、-separated items after it
_INTRODUCED_LIST = re.compile(r"(?:包括|包含|涵盖|分为|分别是)([^。;；:：]*?、[^。;；:：]*?、[^。;；:：]*)")


def separated_items(text: str) -> list[str]:
    """The 、/,-separated items after a colon (or making up a short text) when there are at least
    three; [] otherwise. Each item is cut to ``ENUMERATION_ITEM_CHARS``."""
    body = re.split(r"[:：]", text, maxsplit=1)[1] if re.search(r"[:：]", text) else ""
    if not body and len(clause_segments(text)) == 1 and text.count("、") >= 2:
        body = clause_segments(text)[0]  # a reply that is the list ("高新技术企业、科技型中小企业、…")
    introduced = None if body else _INTRODUCED_LIST.search(text)
    if introduced:
        body = introduced.group(1)  # "…包括科技分支行、科技保险分支公司、科技金融事业部等。"
    items = [re.sub(r"^(以及|和|及|还有)|等$|[“”\"「」。]", "", part).strip() for part in re.split(r"[、，,；;]|以及", body)]
    items = [item[:ENUMERATION_ITEM_CHARS] for item in items if len(item) >= 2]
    return items if len(items) >= 3 else []


_COUNT_BEFORE_COLON = re.compile(r"(?<![\d第])([两二三四五2-5])\s*(?:种|个|项|类|家|条|只|款|样|件|部分)[^:：,，。]{0,12}[:：]")


def _counted_items(text: str) -> list[str]:
    """A list whose size is said before its colon ("两种贷款都带个1000万:知识价值信用贷款和知识产权质押
    贷款"): the first clause after the colon split at 、/和/与/及, when it has that many items."""
    m = _COUNT_BEFORE_COLON.search(text)
    if not m:
        return []
    said = m.group(1)
    count = int(said) if said.isdigit() else 2 if said == "两" else _CN_ORDER.index(said) + 1
    first = clause_segments(text[m.end():])[:1]
    items = [re.sub(r"等$|[“”\"「」]", "", part).strip() for part in re.split(r"、|以及|和|与|及", first[0])] if first else []
    items = [item[:ENUMERATION_ITEM_CHARS] for item in items if len(item) >= 2]
    return items if len(items) == count else []


_BULLET = re.compile(r"^\s*(?:[-*•·●▪◦①②③④⑤⑥⑦⑧⑨]|\d{1,2}[.)、．]|[(（]\d{1,2}[)）])\s*")
_CLAUSE_LINE = re.compile(r"^\s*第\s*\d{1,3}\s*[条项][\s:：、.]+\S.*(?<![:：])\s*$")  # not "第16条提到三类:"
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


def joined_pairs(text: str) -> list[list[str]]:
    """The two things each clause of a text joins by 和/与/及, both named at some length ("“入园惠企”和
    专精特新中小企业“一月一链”投融资路演活动"): a list of two no marker numbers."""
    pairs = []
    for clause in clause_segments(text):
        parts = re.split(r"和|与|及", clause)
        if len(parts) == 2 and all(len(p.strip()) >= 4 for p in parts):
            pairs.append([p.strip("“”\"「」 ") for p in parts])
    return pairs


def line_items(text: str) -> list[str]:
    """The items of a list written one a line, as a chat pastes it (before its line breaks are
    normalised away): bullet lines ("- 知识价值信用贷款", "• **共赢贷**:…"), lines each opening with a
    clause's number ("第15条 提升科技保险服务覆盖面", kept whole) or the rows of a
    markdown table, with or without its rule line (its first cell that is not a number, the header
    row left out); [] when fewer than two. Markdown emphasis is dropped, each item normalised and
    cut to ``ENUMERATION_ITEM_CHARS``."""
    lines = [line for line in text.splitlines() if line.strip()]
    rows = [line for line in lines if line.strip().startswith("|")]
    table = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    ruled = len(rows) > 1 and bool(_TABLE_RULE.match(rows[1].strip().strip("|")))
    # a table pasted without its rule line: a header row, then rows of as many cells
    if len(rows) >= 3 and (ruled or len({len(row) for row in table}) == 1):
        body = table[2 if ruled else 1:]
        items = [next((c for c in row if c and not re.fullmatch(r"[\d.、]+", c)), "") for row in body]
    else:
        # a line opening with its clause's number ("第15条 提升科技保险服务覆盖面") keeps the number
        items = [line.strip() if _CLAUSE_LINE.match(line) else _BULLET.sub("", line, count=1) for line in lines
                 if (_BULLET.match(line) or _CLAUSE_LINE.match(line)) and not line.strip().startswith("|")]
    items = [normalize(item.replace("**", "").replace("__", "")).strip(" ;；,，。") for item in items]
    items = [item[:ENUMERATION_ITEM_CHARS] for item in items if len(item) >= 2]
    return items if len(items) >= 2 else []


def listed_items(text: str) -> list[list[str]]:
    """The items of each 、-enumeration in a text, the last cut at 等 ("探索组建集成电路、新能源、
    生物医药等重点产业共保体" → [探索组建集成电路, 新能源, 生物医药]); the first still holds the
    words leading into the list."""
    lists = []
    for clause in (c for c in clause_segments(text) if "、" in c):
        parts = clause.split("、")
        parts[-1] = parts[-1].split("等")[0]
        lists.append([p.strip("“”\"「」 ") for p in parts])
    return lists


def english_series(text: str) -> list[list[str]]:
    """The items of each English series "A, B, and C" (or "A, B and C") of at least three, one list a
    sentence, the commas inside brackets left alone ("Equity investment as guidance (股权投资做引导),
    debt financing as credit enhancement (…), and …")."""
    lists = []
    for sentence in re.split(r"(?<=[.;:!?])\s+|\n", text):
        flat = re.sub(r"[(（][^()（）]*[)）]", lambda m: m.group(0).replace(",", "\0"), sentence)
        parts = [p.replace("\0", ",").strip(" .;") for p in re.split(r",\s*", flat)]
        if len(parts) < 2 or not re.match(r"(and|or)\s", parts[-1]) and " and " not in parts[-1]:
            continue
        last = re.sub(r"^(and|or)\s+", "", parts[-1])
        items = parts[:-1] + ([last] if last != parts[-1] else [x.strip() for x in last.split(" and ", 1)])
        if len(items) >= 3 and all(re.search(r"[a-z\u4e00-\u9fff]", item, re.I) for item in items):
            lists.append(items)
    return lists


SHARED_ITEM_MIN = 4  # the shortest ending of a list's first item that may be the item itself


def shared_items(first: str, second: str) -> list[str]:
    """The items ``first`` enumerates that ``second`` also names, in ``first``'s words and order; of
    a list's first item, its longest ending ``second`` names (加快推广首台(套)重大技术装备保险 →
    首台(套)重大技术装备保险)."""
    other = fold(normalize(to_simplified(second)))
    found: list[str] = []
    for items in listed_items(first):
        for i, item in enumerate(items):
            endings = [item[k:] for k in range(0, len(item) - SHARED_ITEM_MIN + 1)] if i == 0 else [item]
            hit = next((e for e in endings if len(e) >= 2 and fold(normalize(to_simplified(e))) in other), None)
            if hit and hit not in found:
                found.append(hit)
    return found


_RELATED_TO = re.compile(r"(?:跟|与|和|同|关于|涉及)\s*([^\s,，。?？的]{2,8}?)\s*(?:有关|相关|有关系)"
                         r"|(?:related to|to do with) ([a-z][a-z -]{2,30}?)\s*(?:[?？.。]|$| tasks| work)")


def related_topic(text: str) -> str | None:
    """The topic a question narrows a list to in so many words ("还牵头了哪些跟上市有关的事" → 上市)."""
    m = _RELATED_TO.search(normalize(text))
    return next((g.strip() for g in m.groups() if g), None) if m else None


def split_list(text: str) -> list[str]:
    """Split an enumeration such as ``市财政局、市科技创新局,武汉金控集团`` into its items."""
    return [p.strip() for p in re.split(r"[、,，;；]", text) if p.strip()]


class Segmenter:
    """jieba word segmentation with a user dictionary; the tokenizer is built on first use.

    ``dictionary`` is a saved ``(word frequencies, total)`` of jieba's dictionary with these same
    user words added (``dictionary()`` of an earlier segmenter, for the same ``source()``): the
    tokenizer then starts from it rather than from jieba's own cache and the words one by one.
    """

    def __init__(self, user_words: Iterable[str] = (), dictionary: tuple[dict[str, int], int] | None = None):
        self._user_words = tuple(sorted({w for w in user_words if w}))
        self._saved = dictionary
        self._tokenizer = None

    @property
    def user_words(self) -> tuple[str, ...]:
        """The user dictionary, sorted."""
        return self._user_words

    def source(self) -> str:
        """Which jieba and which dictionary file segment (a saved dictionary fits only the same)."""
        import os

        import jieba

        path = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
        try:
            stat = os.stat(path)
        except OSError:
            return f"jieba {jieba.__version__}"
        return f"jieba {jieba.__version__} {jieba.DEFAULT_DICT_NAME} {stat.st_size} {stat.st_mtime_ns}"

    def dictionary(self) -> tuple[dict[str, int], int]:
        """The tokenizer's word frequencies (user words included) and their total, to save for a later start."""
        tokenizer = self._get()
        return tokenizer.FREQ, tokenizer.total

    def _get(self):
        if self._tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            if self._saved is not None:
                tokenizer.FREQ, tokenizer.total = self._saved
                tokenizer.initialized = True
            else:
                tokenizer.initialize()
                for word in self._user_words:
                    tokenizer.add_word(word, freq=2000)
            self._tokenizer = tokenizer
        return self._tokenizer

    def cut(self, normalized_text: str) -> list[str]:
        """Words of already normalised text, each character in exactly one word."""
        return [w for w in self._get().cut(normalized_text) if w.strip()]

    def words(self, normalized_text: str) -> list[str]:
        """Words of already normalised text (search mode: long words and their parts)."""
        return [w for w in self._get().cut_for_search(normalized_text) if w.strip()]


_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_TENTHS = re.compile(r"([一二两三四五六七八九])成(?![果长立熟功本员为交就绩])")  # 四成 = 40%
_CN_AMOUNT = re.compile(r"(百分之)?([零一二两三四五六七八九十百千]+)(万亿|亿|万)?(?=(元|年|家|个|款|倍|%|亿|万|个月|$))")


def _cn_integer(numeral: str) -> int | None:
    total, current = 0, 0
    for ch in numeral:
        if ch in _CN_DIGIT:
            current = _CN_DIGIT[ch]
        elif ch in _CN_SMALL_UNIT:
            total += (current or 1) * _CN_SMALL_UNIT[ch]
            current = 0
        else:
            return None
    return total + current


def arabic_amounts(text: str) -> str:
    """Chinese-numeral amounts written as digits (五千亿元 → 5000亿元, 百分之八十 → 80%).

    Only a numeral followed by a unit (元 年 家 个 亿 万 …) is rewritten, so words such as
    一揽子 or 十分 stay as they are.
    """
    def rewrite(m: re.Match) -> str:
        value = _cn_integer(m.group(2))
        if value is None or (value < 2 and not m.group(1) and not m.group(3)):
            return m.group(0)
        if m.group(4) in ("个", "家", "款", "倍") and value < 10 and not m.group(3):
            return m.group(0)  # 两个方案, 三家银行: words, not figures
        if m.group(1):
            return f"{value}%"
        return f"{value}{m.group(3) or ''}"

    text = _CN_TENTHS.sub(lambda m: f"{_CN_DIGIT[m.group(1)] * 10}%", text)
    return _CN_AMOUNT.sub(rewrite, text)


_ENGLISH_MAGNITUDE = re.compile(r"(\d+(?:\.\d+)?)\s*(billion|million|percent)")


def chinese_figure(figure: str) -> str:
    """An English figure as the plans write it, to be found in their text ("500 billion" → 5000亿,
    "10 million" → 1000万, "80 percent" → 80%); any other figure as it is."""
    m = _ENGLISH_MAGNITUDE.fullmatch(figure.strip())
    if m is None:
        return figure
    number, word = float(m.group(1)), m.group(2)
    if word == "percent":
        return f"{_plain(number)}%"
    value = number * (1e9 if word == "billion" else 1e6)
    return f"{_plain(value / 1e8)}亿" if value >= 1e8 else f"{_plain(value / 1e4)}万"


def _plain(number: float) -> str:
    """A number without a trailing .0 (5000.0 → 5000, 1.5 → 1.5)."""
    return f"{number:.4f}".rstrip("0").rstrip(".")


# Cantonese function words in a question, in Simplified form, and their Mandarin equivalents
# (a question's wording only: the documents are Mandarin). 係 becomes 系 under
# Traditional→Simplified conversion and is rewritten only before a question word.
_CANTONESE = (
    (r"(?<=我|们|哋|佢)系(?![统列])", "是"),  # 我哋系香港一间创投基金嘅GP: 系 after a person is 是
    (r"边(个|位)", "谁"), (r"边(啲|几)", r"哪\1"), (r"边度", "哪里"), (r"边(间|种|类|条|项|家|份)", r"哪\1"), (r"乜嘢|咩|(?<=[啲些])乜", "什么"),
    (r"冇", "没有"), (r"而家", "现在"), (r"点样", "怎样"), (r"嘅", "的"), (r"喺", "在"), (r"佢哋", "他们"),
    (r"佢", "它"), (r"嗰|𠮶", "那"), (r"系咪|系唔系", "是不是"), (r"系(?=哪|谁|什么|不是)", "是"), (r"唔", "不"), (r"哪啲", "哪些"),
    (r"呢(?=个|位|条|项|度|啲|份|种|家|只|款)", "这"), (r"仲(?!裁|介)", "还"), (r"咗", "了"),
    (r"(?<=不)系", "是"), (r"头先", "刚才"), (r"睇", "看"), (r"好似", "好像"),  # 你头先讲20%?我睇原文好似唔系喎
)


# Homophone slips of a pinyin keyboard in finance words (带款/代款 for 贷款).
_SLIPS = ((r"(?<![取代交])(代|带)款", "贷款"), (r"代(?=[了过]?款)", "贷"), (r"(?:(?<=续)|(?<=信用))代(?![表码理言])", "贷"),
          (r"融姿", "融资"), (r"担报", "担保"), (r"并够", "并购"), (r"(?<=黄鹤)(零|灵|玲)云", "凌云"),
          (r"(?<=余额|额度|金额|单户)上线", "上限"), (r"方按", "方案"), (r"发该委", "发改委"),
          # everyday wording of the documents' words: 亏到八成 → 亏损, 没啥抵押 → 没有抵押
          (r"亏(?![损欠])", "亏损"), (r"没啥(?=抵押|担保|资产|固定资产)", "没有"), (r"\bs[- ]?funds?\b", "s基金"),
          (r"多大规模", "多大的规模"))


def question_wording(normalized_text: str) -> str:
    """A question's wording in the documents' register: Cantonese question words as Mandarin
    (边个 → 谁, 边啲 → 哪些, 咩 → 什么, 冇 → 没有) and pinyin homophone slips mended (代款 → 贷款)."""
    for pattern, replacement in (*_CANTONESE, *_SLIPS):
        normalized_text = re.sub(pattern, replacement, normalized_text)
    return normalized_text


def display_width(text: str) -> int:
    """Columns a terminal gives the text: two for wide and full-width characters (CJK), one otherwise."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def fit_width(text: str, width: int) -> str:
    """The text cut (with …) or padded with spaces to exactly ``width`` terminal columns."""
    if display_width(text) > width:
        while text and display_width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - display_width(text))


def reading(text: str) -> str:
    """A question as the understanding rules read it: normalised, figures as digits, in the
    documents' register (the text every cue in ``assistant/rules`` is matched against)."""
    return question_wording(arabic_amounts(normalize(text)))


def cjk_bigrams(normalized_text: str) -> list[str]:
    """Overlapping pairs of CJK characters: robust to segmentation misses and typos."""
    out = []
    for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+", normalized_text):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


_FIGURE_OR_WORD = re.compile(r"\d+(?:\.\d+)?\s*(?:%|万|亿|年|家|个)?|[a-z]{3,}")


def word_pairs(normalized_text: str) -> set[str]:
    """What a text says, as the pieces two texts may share: its CJK character pairs, its figures
    (5000万, 10%) and its Latin words of three letters or more."""
    return set(cjk_bigrams(normalized_text)) | set(_FIGURE_OR_WORD.findall(normalized_text))


@lru_cache(maxsize=4096)
def _syllables(ch: str) -> frozenset[str]:
    """Every toneless pinyin reading of one character (heteronyms included)."""
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


def same_sound(a: str, b: str) -> bool:
    """Whether two CJK characters share a toneless reading (荣/融, 嬴/赢, 同/通)."""
    return is_cjk(a) and is_cjk(b) and bool(_syllables(a) & _syllables(b))


class HomophoneMender:
    """Mends a pinyin-input slip of one character in a name the documents define.

    "鄂创荣" is "鄂创融", "共嬴贷" is "共赢贷": a run of the question's text that differs from a
    name (three to eight characters) in exactly one character of the same sound, and that the
    documents never use themselves, is read as the name. ``known`` tells whether the
    documents use a (normalised) string.
    """

    MIN, MAX = 3, 8

    def __init__(self, names: Iterable[str], known) -> None:
        self._known = known
        self._index: dict[str, list[tuple[str, int]]] = {}
        for name in names:
            if self.MIN <= len(name) <= self.MAX and all(is_cjk(ch) for ch in name):
                for i in range(len(name)):
                    self._index.setdefault(f"{name[:i]}\0{name[i + 1:]}", []).append((name, i))
        self._lengths = sorted({len(key) for key in self._index})
        # the pinyin table (a quarter of a second to load) is read when a question first has a
        # run one character away from a name that the documents do not use, not at start

    def mend(self, normalized_text: str) -> str:
        """The text with each slipped name mended (left to right, no overlaps)."""
        found: list[tuple[int, str]] = []
        taken = -1
        for start in range(len(normalized_text)):
            if start < taken:
                continue
            for length in reversed(self._lengths):
                window = normalized_text[start:start + length]
                if len(window) < length:
                    continue
                differing = [(i, name) for i in range(length)
                             for name, _ in self._index.get(f"{window[:i]}\0{window[i + 1:]}", ()) if window[i] != name[i]]
                # words the documents use are never mended: asked first, so that most questions
                # ("用贷款" is one character from 再贷款) never need the pinyin table
                if not differing or self._known(window):
                    continue
                name = next((name for i, name in differing if same_sound(window[i], name[i])), None)
                if name is not None:
                    found.append((start, name))
                    taken = start + length
                    break
        for start, name in reversed(found):
            normalized_text = normalized_text[:start] + name + normalized_text[start + len(name):]
        return normalized_text
