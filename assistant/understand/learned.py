"""A learned second opinion beside the cue book: does a question ask what the plans do not answer?

Logistic regression over the character n-grams (1–3, within words) of a question as the cues
read it (``text.reading``), trained with scikit-learn on the project's labelled question sets.
Training happens at index build time and takes a second or two; the model is kept as plain
arrays (vocabulary, idf, weights) so that answering needs only numpy, not scikit-learn.

Scores are probabilities that the question should be refused; ``second_opinion`` combines
them with what the rules decided.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from ..language.text import NORMALIZER_VERSION as READING_VERSION, reading

log = logging.getLogger(__name__)

NGRAMS = (1, 3)
MIN_DF = 2
C = 4.0  # inverse regularisation; fixed, not tuned on any held-out set
MODEL_VERSION = "1"


@dataclass(frozen=True)
class Labelled:
    """A question as the cues read it and whether the plans leave it unanswered."""

    text: str
    refuse: bool


def char_wb_ngrams(text: str, low: int = NGRAMS[0], high: int = NGRAMS[1]) -> list[str]:
    """scikit-learn's ``char_wb`` analyzer: n-grams inside each space-padded word."""
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if n > len(padded):
                break
            grams.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return grams


def tfidf(text: str, vocabulary: dict, idf: Sequence[float]) -> dict[int, float]:
    """scikit-learn's ``TfidfVectorizer(analyzer="char_wb", sublinear_tf=True)`` vector of ``text``:
    column → value, l2-normalised, n-grams outside the vocabulary dropped."""
    counts: dict[int, int] = {}
    for gram in char_wb_ngrams(text):
        column = vocabulary.get(gram)
        if column is not None:
            counts[column] = counts.get(column, 0) + 1
    values = {c: (1.0 + math.log(n)) * idf[c] for c, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
    return {c: v / norm for c, v in values.items()}


@dataclass(frozen=True)
class RefusalModel:
    """A trained refuse-or-answer classifier as plain data; ``p_refuse`` needs only the standard library."""

    vocabulary: dict  # n-gram → column
    idf: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    fingerprint: str  # of the training data and the model version

    def p_refuse(self, normalized: str) -> float:
        """Probability that the plans leave this question unanswered (0–1)."""
        z = self.intercept + sum(v * self.weights[c] for c, v in tfidf(normalized, self.vocabulary, self.idf).items())
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> str:
        """The model as JSON text (what the index folder keeps)."""
        return json.dumps({"version": MODEL_VERSION, "fingerprint": self.fingerprint, "vocabulary": self.vocabulary,
                           "idf": self.idf, "weights": self.weights, "intercept": self.intercept},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "RefusalModel":
        """A model read back from ``to_json`` (ValueError when it is not one)."""
        data = json.loads(text)
        if data.get("version") != MODEL_VERSION:
            raise ValueError("refusal model of another version")
        return cls(dict(data["vocabulary"]), tuple(data["idf"]), tuple(data["weights"]), float(data["intercept"]),
                   str(data["fingerprint"]))


def training_fingerprint(examples: Iterable[Labelled]) -> str:
    """A hash of the labelled questions as the cues read them and the model settings: a change in
    the sets, or in how a question is read (``text.reading``), means retrain."""
    digest = hashlib.sha256(f"{MODEL_VERSION}|{NGRAMS}|{MIN_DF}|{C}|{READING_VERSION}".encode())
    for example in examples:
        digest.update(f"{int(example.refuse)}{example.text}\0".encode())
    return digest.hexdigest()


def labelled_questions(lines: Iterable[str]) -> list[Labelled]:
    """The questions of one JSONL question set, each with its ``must_refuse`` label, as the cues read them."""
    out = []
    for line in lines:
        if line.strip():
            record = json.loads(line)
            out.append(Labelled(reading(record["question"]), bool(record.get("must_refuse", False))))
    return out


def train_refusal_model(examples: Sequence[Labelled], fingerprint: str = "") -> RefusalModel:
    """Fit the classifier with scikit-learn (lbfgs, no shuffling: the same data gives the same model)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if len({e.refuse for e in examples}) < 2:
        raise ValueError("the training questions need both refusals and answers")
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, min_df=MIN_DF, sublinear_tf=True)
    features = vectorizer.fit_transform([e.text for e in examples])
    classifier = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    classifier.fit(features, [e.refuse for e in examples])
    vocabulary = {gram: int(column) for gram, column in vectorizer.vocabulary_.items()}
    return RefusalModel(vocabulary, tuple(float(x) for x in vectorizer.idf_),
                        tuple(float(x) for x in classifier.coef_[0]), float(classifier.intercept_[0]), fingerprint)


@dataclass(frozen=True)
class Thresholds:
    """Where the classifier overrules the rules: ``veto`` below which a cue's refusal is lifted,
    ``refuse`` above which a question no cue caught is refused. Calibrated on a set the rules
    were not written from (see evals/README.md)."""

    veto: float = 0.0
    refuse: float = 1.0


def second_opinion(cue_refused: bool, p_refuse: float, thresholds: Thresholds) -> bool | None:
    """What the classifier changes: False lifts a cue's refusal, True refuses, None leaves the rules' call.

    Where a cue matched, it decides unless the classifier is confident the plans do answer;
    where none matched, the classifier refuses when confident they do not.
    """
    if cue_refused:
        return False if p_refuse < thresholds.veto else None
    return True if p_refuse > thresholds.refuse else None


# ---- the edge: reading the labelled sets and keeping the trained model -------------------------

HELD_OUT_FILE = "held_out.txt"  # in the training folder: sets nothing learned trains on, one name a line
RESERVED_FILE = "classifier_reserved.txt"  # tuning sets the refusal classifier also leaves out
MODEL_FILE = "refusal-model.json"


def training_sets(training_dir: Path, leave_out: Sequence[str] = (HELD_OUT_FILE,)) -> list[Path]:
    """The labelled sets to learn from: every ``*.jsonl`` of the folder not named in a ``leave_out`` list."""
    names = set()
    for listing in (training_dir / name for name in leave_out):
        if listing.exists():
            names |= {line.split("#")[0].strip() for line in listing.read_text(encoding="utf-8").splitlines()}
    return [p for p in sorted(training_dir.glob("*.jsonl")) if p.stem not in names]


def kept_or_trained(kept: Path, fingerprint: str, read: Callable[[Path], object], train: Callable[[], object],
                    write: Callable[[object, Path], None]):
    """The model kept at ``kept`` when ``read`` gives one of this ``fingerprint``; else ``train``ed now
    and ``write``n there (a read-only folder only costs the training on each start)."""
    try:
        model = read(kept)
        if model.fingerprint == fingerprint:
            return model
    except (OSError, ValueError, KeyError, TypeError):
        pass
    model = train()
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        write(model, kept)
    except OSError as exc:
        log.warning("could not keep the model %s: %s", kept, exc)
    return model


def write_json(model, path: Path) -> None:
    """Keep a model that has ``to_json`` at ``path``, written whole or not at all."""
    partial = path.with_suffix(".tmp")
    partial.write_text(model.to_json(), encoding="utf-8")
    partial.replace(path)


def load_refusal_model(training_dir: Path, model_dir: Path) -> RefusalModel | None:
    """The model trained on the current labelled sets: read from ``model_dir`` when it matches them,
    else trained now and kept there. None when there are no labelled sets."""
    paths = training_sets(Path(training_dir), (HELD_OUT_FILE, RESERVED_FILE))
    if not paths:
        return None
    # read every time (a tenth of a second): the reading, not only the files, decides the model
    examples = [e for p in paths for e in labelled_questions(p.read_text(encoding="utf-8").splitlines())]
    fingerprint = training_fingerprint(examples)
    return kept_or_trained(Path(model_dir) / MODEL_FILE, fingerprint,
                           lambda path: RefusalModel.from_json(path.read_text(encoding="utf-8")),
                           lambda: train_refusal_model(examples, fingerprint), write_json)
