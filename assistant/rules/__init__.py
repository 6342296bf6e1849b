"""The cue book: understanding rules kept as reviewed data with their examples.

Each file under ``assistant/rules/`` is one book: an ordered list of named cues. A cue is a
regular expression over normalised question text (Simplified, lower case, half width), written
as a list of alternatives so that a reviewer reads one phrasing a line, with an optional
``unless`` pattern that vetoes it, and the example questions it must and must not match.
The tests run every example; adding a refusal kind is an entry and its examples, no code.

Loading is lazy and cached: importing this module reads no file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable, Iterator

RULES_PACKAGE = "assistant.rules"


@dataclass(frozen=True)
class Cue:
    """One named rule: a pattern, an optional veto, what it is for, and its examples."""

    name: str
    about: str
    pattern: re.Pattern
    unless: re.Pattern | None = None
    matches: tuple[str, ...] = ()  # example questions the cue must fire on
    misses: tuple[str, ...] = ()  # look-alike questions it must not fire on
    say: dict | None = None  # how an answer names what the cue caught, per language ({"zh": …, "en": …})

    def search(self, normalized: str) -> re.Match | None:
        """The cue's match in normalised text, or None (also when its veto matches)."""
        if self.unless is not None and self.unless.search(normalized):
            return None
        return self.pattern.search(normalized)

    def __call__(self, normalized: str) -> bool:
        return self.search(normalized) is not None


@dataclass(frozen=True)
class CueBook:
    """An ordered set of cues read from one rules file; order decides where first match wins."""

    name: str
    cues: tuple[Cue, ...]
    words: dict  # named word lists the file also holds (e.g. other places), read-only

    def __getitem__(self, name: str) -> Cue:
        for cue in self.cues:
            if cue.name == name:
                return cue
        raise KeyError(f"{self.name}: no cue {name!r}")

    def __iter__(self) -> Iterator[Cue]:
        return iter(self.cues)

    @property
    def names(self) -> tuple[str, ...]:
        """The cue names in decision order."""
        return tuple(c.name for c in self.cues)

    def first(self, normalized: str, skip: Callable[[Cue, str], bool] | None = None) -> Cue | None:
        """The first cue (in file order) that fires, passing over those ``skip`` rejects."""
        for cue in self.cues:
            if (skip is None or not skip(cue, normalized)) and cue(normalized):
                return cue
        return None

    def firing(self, normalized: str) -> tuple[str, ...]:
        """Names of every cue that fires, in file order."""
        return tuple(c.name for c in self.cues if c(normalized))


def alternatives(patterns) -> str:
    """One regular expression from a list of alternatives (a plain string stays as it is)."""
    return patterns if isinstance(patterns, str) else "|".join(patterns)


def _cue(entry: dict, book: str) -> Cue:
    try:
        examples = entry.get("examples") or {}
        unless = entry.get("unless")
        return Cue(
            name=str(entry["name"]),
            about=str(entry.get("about", "")),
            pattern=re.compile(alternatives(entry["patterns"])),
            unless=re.compile(alternatives(unless)) if unless else None,
            matches=tuple(examples.get("match") or ()),
            misses=tuple(examples.get("no_match") or ()),
            say=dict(entry["say"]) if entry.get("say") else None,
        )
    except (KeyError, TypeError, re.error) as exc:
        raise ValueError(f"rules/{book}.yaml: bad entry {entry.get('name', '?')!r}: {exc}") from exc


def parse_book(name: str, data: dict) -> CueBook:
    """A cue book from the parsed YAML of a rules file (``cues:`` list, other keys as word lists)."""
    cues = tuple(_cue(entry, name) for entry in data.get("cues") or ())
    words = {k: v for k, v in data.items() if k != "cues"}
    return CueBook(name, cues, words)


def book_names() -> tuple[str, ...]:
    """The names of every rules file shipped with the package."""
    folder = resources.files(RULES_PACKAGE)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml")))


@functools.cache
def cue_book(name: str) -> CueBook:
    """The cue book ``assistant/rules/<name>.yaml`` (read once, on first use)."""
    import yaml

    text = resources.files(RULES_PACKAGE).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return parse_book(name, yaml.load(text, Loader=loader) or {})
