"""Lexicons as reviewed data: everyday finance words, unit-name aliases, defined names, stop words.

The entries live in ``assistant/rules/lexicon.yaml``, in named groups that each carry the
example questions they must get right (the tests run them all). They are read through the
cue book loader on first use, never at import. Built from general vocabulary and the
documents' own structure, never from test questions. Terms derived from the corpus itself
(titles, quoted names, unit names) come from ``corpus_terms``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping

from ..rules import alternatives, cue_book
from ..language.text import normalize, simplify
from ..types import Unit

LEXICON_BOOK = "lexicon"  # assistant/rules/lexicon.yaml
SECTIONS = ("synonyms", "unit_aliases", "plan_units", "defined_terms", "stopwords")


@dataclass(frozen=True)
class WordGroup:
    """One reviewed run of lexicon entries: its name, what it covers, its words and example questions."""

    name: str
    about: str
    entries: tuple[tuple[str, tuple[str, ...]], ...]  # (word, what it stands for), in file order
    examples: Mapping[str, tuple]  # example kind (expand, no_expand, resolve, …) → its examples

    @property
    def words(self) -> tuple[str, ...]:
        """The group's words (synonym keys, canonical unit names, terms), in file order."""
        return tuple(word for word, _ in self.entries)


def _strings(values) -> tuple[str, ...]:
    """A word's expansions or aliases as a tuple; a lone string is one item, not its characters."""
    return (values,) if isinstance(values, str) else tuple(str(v) for v in values or ())


def _word_group(entry: dict, section: str) -> WordGroup:
    try:
        words = entry["words"]
        pairs = words.items() if isinstance(words, dict) else ((word, ()) for word in words)
        examples = entry.get("examples") or {}
        return WordGroup(
            name=str(entry["name"]),
            about=str(entry.get("about", "")),
            entries=tuple((str(word), _strings(values)) for word, values in pairs),
            examples=MappingProxyType({kind: tuple(items or ()) for kind, items in examples.items()}),
        )
    except (KeyError, TypeError, AttributeError) as exc:
        name = entry.get("name", "?") if isinstance(entry, dict) else "?"
        raise ValueError(f"rules/{LEXICON_BOOK}.yaml: bad {section} group {name!r}: {exc}") from exc


def parse_groups(section: str, data) -> tuple[WordGroup, ...]:
    """The groups of one lexicon section from its parsed YAML (a list of groups, or one group).

    A word listed twice in a section is an error: the file is the only statement of each entry.
    """
    groups = tuple(_word_group(entry, section) for entry in ([data] if isinstance(data, dict) else data or ()))
    seen: set[str] = set()
    for group in groups:
        for word in group.words:
            if word in seen:
                raise ValueError(f"rules/{LEXICON_BOOK}.yaml: {section}: {word!r} is listed twice")
            seen.add(word)
    return groups


@functools.cache
def word_groups(section: str) -> tuple[WordGroup, ...]:
    """The groups of one lexicon section (one of ``SECTIONS``), in file order; read on first use."""
    if section not in SECTIONS:
        raise KeyError(f"rules/{LEXICON_BOOK}.yaml has no section {section!r}")
    return parse_groups(section, cue_book(LEXICON_BOOK).words.get(section))


def _entries(section: str) -> dict[str, tuple[str, ...]]:
    """A section's entries across its groups, in file order."""
    return {word: values for group in word_groups(section) for word, values in group.entries}


@functools.cache
def synonyms() -> Mapping[str, tuple[str, ...]]:
    """Everyday (or English) wording → the documents' wording, in file order (Simplified, lower case).

    Expansions are added to a query, never substituted. Order matters: ``topic_terms`` consumes
    Chinese keys of three or more characters greedily in this order.
    """
    return MappingProxyType(_entries("synonyms"))


@functools.cache
def unit_aliases() -> Mapping[str, tuple[str, ...]]:
    """Canonical unit name (as the documents abbreviate it) → other names people use."""
    return MappingProxyType(_entries("unit_aliases"))


@functools.cache
def plan_units() -> Mapping[str, tuple[str, ...]]:
    """A kind of office named without saying whose ("国资委") → the unit of that kind in each plan."""
    return MappingProxyType(_entries("plan_units"))


@functools.cache
def defined_terms() -> tuple[str, ...]:
    """Products, programmes, platforms and places the two documents name, as they write them."""
    return tuple(_entries("defined_terms"))


@functools.cache
def stopwords() -> frozenset[str]:
    """Words never taken as a question's subject or as a search token."""
    return frozenset(_entries("stopwords"))


_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,20})[”\"」』]")


def quoted_names(text: str) -> list[str]:
    """The names ``text`` gives in quotation marks (“黄鹤凌云”计划, 「汉融通」)."""
    return [m.group(1).strip() for m in _QUOTED.finditer(text)]


def canonical_unit_names() -> dict[str, str]:
    """Every known name or alias (normalised) → its canonical unit name."""
    out: dict[str, str] = {}
    for canonical, aliases in unit_aliases().items():
        for name in (canonical, *aliases):
            out[normalize(name)] = canonical
    return out


def corpus_terms(units: Iterable[Unit]) -> set[str]:
    """Names the documents themselves define: quoted names, unit names and titles' key phrases."""
    terms: set[str] = set()
    for unit in units:
        plain = simplify(unit.text)
        terms.update(quoted_names(plain))
        terms.update(unit.units)
        for piece in re.split(r"[、,，()（）“”]", unit.title):
            if 2 <= len(piece) <= 12:
                terms.add(piece)
    terms.update(defined_terms())
    terms.update(unit_aliases())
    for aliases in unit_aliases().values():
        terms.update(aliases)
    return {normalize(t) for t in terms if t and len(t) >= 2}


def _ascii_words(normalized_query: str) -> set[str]:
    """The query's English words and numbers, and its hyphened compounds ("co-insurance") whole too."""
    return set(re.findall(r"[a-z0-9&]+", normalized_query)) | set(re.findall(r"[a-z0-9&]+(?:-[a-z0-9&]+)+", normalized_query))


def expand_query(normalized_query: str) -> list[str]:
    """Document-vocabulary expansions of everyday or English words found in the query."""
    extra: list[str] = []
    words = _ascii_words(normalized_query)
    for key, values in synonyms().items():
        if key.isascii():
            if key in words:
                extra.extend(values)
        elif key in normalized_query:
            extra.extend(values)
    return extra


@functools.cache
def _frames() -> tuple[re.Pattern, re.Pattern]:
    """Question frame words (rules/frames.yaml) as one pattern, and their two-or-more-character
    members as a pattern for a word's edges: a single character (项, 中, 省) is too often part
    of a real word (项目库, 中试, 省级) to be cut from it."""
    words = cue_book("frames").words["frame_words"]
    edge_words = "|".join(sorted((w for w in words if len(w) >= 2 and w.isalnum()), key=len, reverse=True))
    return re.compile(alternatives(words)), re.compile(rf"^(?:{edge_words})+|(?:{edge_words})+$")


def asks_only(word: str) -> bool:
    """Whether a word is made of frame words alone (责任单位: 责任 + 单位): it says what kind of
    answer is wanted, not what about."""
    frame, frame_edges = _frames()
    return bool(frame.fullmatch(word)) or not frame_edges.sub("", word)


@functools.cache
def _defined_ascii() -> frozenset[str]:
    """Defined names written in Latin letters (aic, qflp): a question may name them as they are."""
    return frozenset(t.lower() for t in defined_terms() if t.isascii() and t.isalpha())


def topic_terms(normalized_query: str, words: Iterable[str],
                vocabulary: frozenset[str] = frozenset(), asserted: bool = False) -> tuple[tuple[str, ...], ...]:
    """The question's subject as groups of alternatives: each content word with its expansions.

    ``words`` is the question segmented into words. Multi-word synonym keys (没有抵押)
    form one group; English words count only through their expansions, unless the
    documents use them (``vocabulary``: acronyms such as ABN, figures such as 4222, 60个).
    """
    frame, frame_edges = _frames()
    table, stop, defined_ascii = synonyms(), stopwords(), _defined_ascii()
    groups: list[tuple[str, ...]] = []
    covered = normalized_query
    for key, values in table.items():
        if not key.isascii() and len(key) >= 3 and key in covered:
            groups.append((key, *values))
            covered = covered.replace(key, " ")
    ascii_words = _ascii_words(normalized_query)
    for key in sorted(ascii_words):
        if key in table and not key.isalnum():  # "m&a", "co-insurance": a word the segmenter splits at its sign
            groups.append(tuple(v for v in table[key] if not frame.fullmatch(v)))
    for figure in re.findall(r"\d+(?:\.\d+)?(?:%|万元|亿元|个|家|款)", normalized_query):
        if figure in vocabulary and not asserted:
            groups.append((figure,))  # "60个是什么": a figure the documents state is a subject
    for word in words:
        word = word.strip()
        if not word or word in stop or not re.search(r"\w", word):
            continue
        if re.fullmatch(r"20[23]\d", word):
            if not asserted:
                groups.append((word,))  # a target year is a subject; in a claim ("是2025年吧") it is checked
            continue
        if word.isascii():
            if (word in defined_ascii or word in vocabulary and not word.isdigit() or
                    word.isdigit() and len(word) >= 3 and word in vocabulary) and word in ascii_words:
                groups.append((word,))
            elif word in table and word in ascii_words:
                topical = tuple(v for v in table[word] if not frame.fullmatch(v))
                if topical:
                    groups.append(topical)
            continue
        if word not in covered or frame.fullmatch(word):
            continue
        if len(word) < 2:
            # a one-character word counts through its expansions (税 → 税收优惠, 债 → 债券)
            topical = tuple(v for v in table.get(word, ()) if not frame.fullmatch(v))
            if topical:
                groups.append(topical)
            continue
        stripped = frame_edges.sub("", word)
        if len(stripped) < 2:
            continue
        groups.append((stripped, *table.get(stripped, ())))
    return tuple(dict.fromkeys(groups))
