"""A learned second opinion beside the eligibility rules: which measures would a careful advisor name
for this self-description?

One logistic regression per numbered measure over the character n-grams (1–3, within words) of a
profile as the cues read it (``text.reading``), trained with scikit-learn (liblinear, so a few
seconds for every measure) on the project's labelled profile sets: a measure is a positive where the
writer put it in ``must`` or ``may``. Sets named in the folder's ``held_out.txt`` are never trained
on. The model is kept as plain arrays (n-grams, idf, one weight column per measure), so answering
needs numpy only.

``second_opinion`` combines the probabilities with what the rules matched: a matched measure the
model finds very unlikely is dropped, an unmatched one it finds likely is added (the matcher quotes
it; see ``eligibility.match_profile``). The thresholds are fixed from leave-one-set-out runs over
the tuning sets (evals/README.md), never from a held-out set.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..language.text import NORMALIZER_VERSION as READING_VERSION, reading
from .learned import NGRAMS, kept_or_trained, tfidf, training_sets

MIN_DF = 2
C = 4.0  # inverse regularisation, as for the refusal model; not tuned on any held-out set
MIN_POSITIVES = 3  # a measure fewer profiles were labelled with gets no opinion (the rules decide)
MODEL_VERSION = "2"
MODEL_FILE = "applies-model.npz"


@dataclass(frozen=True)
class LabelledProfile:
    """A self-description as the cues read it and the measures its writer labelled as applying."""

    text: str
    applies: frozenset[str]


@dataclass(frozen=True)
class Thresholds:
    """``drop``: below it a measure the rules matched is left out; ``add``: above it a measure they
    did not match is added. Chosen on leave-one-set-out runs over the tuning profile sets."""

    drop: float = 0.15
    add: float = 0.5
    drop_needs: int = 20  # a measure labelled fewer times than this is never dropped: its p stays low for all


@dataclass(frozen=True, eq=False)
class AppliesModel:
    """Trained per-measure classifiers as plain arrays; ``p_applies`` needs numpy only."""

    measures: tuple[str, ...]
    vocabulary: dict  # n-gram → row
    idf: tuple[float, ...]
    weights: object = field(repr=False)  # numpy array, one row per n-gram, one column per measure
    intercepts: object = field(repr=False)  # numpy array, one per measure
    fingerprint: str = ""
    positives: tuple[int, ...] = ()  # how many training profiles were labelled with each measure

    def p_applies(self, profile: str) -> dict[str, float]:
        """Each known measure's probability of applying to the profile (read as the cues read it)."""
        import numpy as np

        vector = tfidf(reading(profile), self.vocabulary, self.idf)
        z = np.array(self.intercepts, dtype=float)
        if vector:
            rows = np.fromiter(vector, dtype=int)
            z = z + np.fromiter(vector.values(), dtype=float) @ self.weights[rows]
        return dict(zip(self.measures, (1.0 / (1.0 + np.exp(-z))).tolist()))

    def positives_of(self) -> dict[str, int]:
        """Each known measure: how many training profiles were labelled with it."""
        return dict(zip(self.measures, self.positives))

    def save(self, path: Path) -> None:
        """Keep the model at ``path`` (an .npz file; written whole or not at all)."""
        import numpy as np

        grams = sorted(self.vocabulary, key=self.vocabulary.get)
        partial = path.with_suffix(".tmp.npz")
        np.savez_compressed(partial, measures=np.array(self.measures), grams=np.array(grams),
                            idf=np.array(self.idf), weights=self.weights, intercepts=self.intercepts,
                            positives=np.array(self.positives, dtype=int),
                            meta=np.array(json.dumps({"version": MODEL_VERSION, "fingerprint": self.fingerprint})))
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> "AppliesModel":
        """A model kept by ``save`` (ValueError when the file is not one of this version)."""
        import numpy as np

        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("version") != MODEL_VERSION:
                raise ValueError("eligibility model of another version")
            grams = [str(g) for g in data["grams"]]
            return cls(tuple(str(m) for m in data["measures"]), {g: i for i, g in enumerate(grams)},
                       tuple(float(x) for x in data["idf"]), data["weights"], data["intercepts"],
                       str(meta["fingerprint"]), tuple(int(x) for x in data["positives"]))


def second_opinion(matched: Sequence[str], p: dict[str, float], thresholds: Thresholds,
                   positives: dict[str, int] | None = None) -> tuple[list[str], list[str]]:
    """What the rules matched less what the model finds very unlikely, and what it adds (most likely
    first). A measure the model has no opinion of stays as the rules left it, and so does one that
    fewer than ``thresholds.drop_needs`` training profiles were labelled with (``positives``)."""
    positives = positives or {}
    kept = [m for m in matched if p.get(m, 1.0) >= thresholds.drop
            or positives.get(m, thresholds.drop_needs) < thresholds.drop_needs]
    added = sorted((m for m, v in p.items() if v > thresholds.add and m not in matched), key=lambda m: (-p[m], m))
    return kept, added


def opinion_of(model, thresholds: Thresholds = Thresholds()):
    """The model's second opinion as the matcher takes it (``eligibility.Opinion``): given a profile and
    the ids the rules matched, those to keep and those to add. A fake model need not count positives."""
    positives = getattr(model, "positives_of", dict)()
    return lambda profile, matched: second_opinion(matched, model.p_applies(profile), thresholds, positives)


def training_fingerprint(examples: Iterable[LabelledProfile]) -> str:
    """A hash of the labelled profiles as the cues read them and the model settings."""
    digest = hashlib.sha256(f"{MODEL_VERSION}|{NGRAMS}|{MIN_DF}|{C}|{MIN_POSITIVES}|{READING_VERSION}".encode())
    for example in examples:
        digest.update(f"{' '.join(sorted(example.applies))}|{example.text}\0".encode())
    return digest.hexdigest()


def labelled_profiles(lines: Iterable[str]) -> list[LabelledProfile]:
    """The profiles of one JSONL profile set, each with ``must`` ∪ ``may``, as the cues read them."""
    out = []
    for line in lines:
        if line.strip():
            record = json.loads(line)
            out.append(LabelledProfile(reading(record["profile"]),
                                       frozenset(record.get("must", [])) | frozenset(record.get("may", []))))
    return out


def train_applies_model(examples: Sequence[LabelledProfile], fingerprint: str = "") -> AppliesModel:
    """Fit one classifier per measure labelled at least ``MIN_POSITIVES`` times (liblinear: the same
    data gives the same model)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    for example in examples:
        for m in example.applies:
            counts[m] = counts.get(m, 0) + 1
    measures = tuple(sorted(m for m, n in counts.items() if n >= MIN_POSITIVES and n < len(examples)))
    if not measures:
        raise ValueError("the training profiles label no measure often enough")
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, min_df=MIN_DF, sublinear_tf=True)
    features = vectorizer.fit_transform([e.text for e in examples])
    weights = np.zeros((features.shape[1], len(measures)), dtype=np.float32)
    intercepts = np.zeros(len(measures))
    for j, measure in enumerate(measures):
        classifier = LogisticRegression(C=C, solver="liblinear", max_iter=2000)
        classifier.fit(features, [measure in e.applies for e in examples])
        weights[:, j], intercepts[j] = classifier.coef_[0], classifier.intercept_[0]
    vocabulary = {gram: int(column) for gram, column in vectorizer.vocabulary_.items()}
    return AppliesModel(measures, vocabulary, tuple(float(x) for x in vectorizer.idf_), weights, intercepts,
                        fingerprint, tuple(counts[m] for m in measures))


# ---- the edge: reading the labelled sets and keeping the trained model -------------------------


def load_applies_model(profiles_dir: Path, model_dir: Path) -> AppliesModel | None:
    """The model trained on the current labelled profile sets (those not in ``held_out.txt``): read
    from ``model_dir`` when it matches them, else trained now and kept there. None when there are
    no labelled profiles."""
    paths = training_sets(Path(profiles_dir))
    examples = [e for p in paths for e in labelled_profiles(p.read_text(encoding="utf-8").splitlines())]
    if not examples:
        return None
    fingerprint = training_fingerprint(examples)
    return kept_or_trained(Path(model_dir) / MODEL_FILE, fingerprint, AppliesModel.load,
                           lambda: train_applies_model(examples, fingerprint), AppliesModel.save)
