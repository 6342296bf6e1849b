"""The cue book: rules as data, each entry carrying the examples it must get right."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assistant.rules import book_names, cue_book, parse_book
from assistant.language.text import reading

ASSISTANT = Path(__file__).resolve().parent.parent / "assistant"
MAX_PATTERN_CHARS = 200

CUES = [(book, cue.name) for book in book_names() for cue in cue_book(book)]


def test_rules_folder_holds_the_books_understanding_reads():
    assert {"intents", "unstated", "scope", "frames"} <= set(book_names())


@pytest.mark.parametrize("book,name", CUES)
def test_every_cue_has_two_examples_it_fires_on_and_one_it_does_not(book, name):
    cue = cue_book(book)[name]
    assert len(cue.matches) >= 2 and len(cue.misses) >= 1, f"rules/{book}.yaml: {name} needs examples"


@pytest.mark.parametrize("book,name", CUES)
def test_every_cue_fires_on_its_examples(book, name):
    cue = cue_book(book)[name]
    missed = [q for q in cue.matches if not cue(reading(q))]
    assert not missed, f"rules/{book}.yaml: {name} does not fire on {missed}"


@pytest.mark.parametrize("book,name", CUES)
def test_every_cue_stays_silent_on_its_look_alikes(book, name):
    cue = cue_book(book)[name]
    fired = [q for q in cue.misses if cue(reading(q))]
    assert not fired, f"rules/{book}.yaml: {name} fires on {fired}"


SMALL_BOOK = {
    "cues": [
        {"name": "rate", "patterns": ["利率", "贴息"], "unless": ["定在\\s*20\\d\\d"],
         "examples": {"match": ["利率多少", "有贴息吗"], "no_match": ["额度多少"]}},
        {"name": "figure", "patterns": ["多少"]},
    ],
    "places": ["北京"],
}


def test_alternatives_are_joined_into_one_pattern():
    book = parse_book("small", SMALL_BOOK)
    assert book["rate"].pattern.pattern == "利率|贴息"


def test_unless_vetoes_a_cue_that_would_fire():
    rate = parse_book("small", SMALL_BOOK)["rate"]
    assert rate("贷款利率多少")
    assert not rate("贴息截止定在2027年吗")


def test_first_cue_in_file_order_wins():
    book = parse_book("small", SMALL_BOOK)
    assert book.first("利率多少").name == "rate"
    assert book.first("额度多少").name == "figure"
    assert book.first("谁牵头") is None
    assert book.firing("利率多少") == ("rate", "figure")


def test_keys_other_than_cues_are_word_lists():
    assert parse_book("small", SMALL_BOOK).words == {"places": ["北京"]}


def test_a_bad_entry_names_its_file_and_entry():
    with pytest.raises(ValueError, match="rules/small.yaml: bad entry 'broken'"):
        parse_book("small", {"cues": [{"name": "broken", "patterns": ["(unclosed"]}]})


def _long_pattern_literals() -> list[str]:
    found = []
    for path in sorted(ASSISTANT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > MAX_PATTERN_CHARS \
                    and re.search(r"\|.*\|.*\|", node.value):
                found.append(f"{path.relative_to(ASSISTANT.parent)}:{node.lineno} ({len(node.value)} chars)")
    return found


def test_no_pattern_literal_in_the_library_is_over_200_characters():
    assert _long_pattern_literals() == []
