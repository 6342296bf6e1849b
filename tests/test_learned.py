"""The learned second opinion: a refuse-or-answer classifier beside the cue book."""

from __future__ import annotations

import json

import pytest

from assistant import Assistant, Settings
from assistant.understand.learned import (Labelled, RefusalModel, Thresholds, char_wb_ngrams, load_refusal_model,
                               second_opinion, train_refusal_model)

SMALL = [Labelled(t, r) for t, r in [
    ("知识价值信用贷款最高贷多少", False), ("天使基金谁牵头", False), ("共赢贷最长几年", False),
    ("分工表第3项谁负责", False), ("贷款利率是多少", True), ("申请材料有哪些", True),
    ("办公地址在哪里", True), ("利率怎么算", True),
]]


def test_character_ngrams_are_scikit_learns_char_wb_analyzer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3)).build_analyzer()
    for text in ("知识价值信用贷款", "what is the cap of 共赢贷", "a", "利率 多少?"):
        assert char_wb_ngrams(text) == analyzer(text)


def test_the_model_scores_exactly_as_scikit_learn_does():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    model = train_refusal_model(SMALL)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    features = vectorizer.fit_transform([e.text for e in SMALL])
    reference = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(features, [e.refuse for e in SMALL])
    for text in ("利率多少", "谁牵头", "贷款最高多少"):
        assert model.p_refuse(text) == pytest.approx(reference.predict_proba(vectorizer.transform([text]))[0, 1])


def test_a_trained_model_leans_towards_its_labels():
    model = train_refusal_model(SMALL)
    assert model.p_refuse("共赢贷利率多少") > 0.5 > model.p_refuse("共赢贷谁牵头")


def test_the_model_survives_a_round_trip_through_json():
    model = train_refusal_model(SMALL, "abc")
    again = RefusalModel.from_json(model.to_json())
    assert again == model and again.p_refuse("利率多少") == model.p_refuse("利率多少")


def test_training_needs_both_kinds_of_question():
    with pytest.raises(ValueError):
        train_refusal_model([Labelled("利率多少", True), Labelled("利息多少", True)])


@pytest.mark.parametrize("cue_refused, p, verdict", [
    (True, 0.05, False),   # a cue refused, the classifier is confident the plans answer: lifted
    (True, 0.30, None),    # not confident enough: the cue decides
    (False, 0.90, True),   # no cue caught it, the classifier is confident they do not: refused
    (False, 0.30, None),   # the rules' answer stands
])
def test_the_classifier_overrules_the_rules_only_past_its_thresholds(cue_refused, p, verdict):
    assert second_opinion(cue_refused, p, Thresholds(veto=0.1, refuse=0.5)) is verdict


def _write_set(folder, name, rows):
    lines = [json.dumps({"id": f"{name}-{i}", "category": "product_terms", "question": q, "must_refuse": r},
                        ensure_ascii=False) for i, (q, r) in enumerate(rows)]
    (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_held_out_sets_are_never_trained_on_and_a_changed_set_retrains(tmp_path):
    sets, models = tmp_path / "sets", tmp_path / "models"
    sets.mkdir()
    _write_set(sets, "tune", [(e.text, e.refuse) for e in SMALL])
    _write_set(sets, "held", [("随便什么", True)])
    (sets / "held_out.txt").write_text("held  # never trained on\n", encoding="utf-8")
    first = load_refusal_model(sets, models)
    assert (models / "refusal-model.json").exists()
    (sets / "held.jsonl").write_text("not even json\n", encoding="utf-8")  # held out: never read
    assert load_refusal_model(sets, models) == first
    _write_set(sets, "tune", [(e.text, e.refuse) for e in SMALL] + [("注册资本要多少", True)])
    assert load_refusal_model(sets, models).fingerprint != first.fingerprint


def test_a_tuning_set_reserved_from_the_classifier_is_not_trained_on(tmp_path):
    sets, models = tmp_path / "sets", tmp_path / "models"
    sets.mkdir()
    _write_set(sets, "tune", [(e.text, e.refuse) for e in SMALL])
    first = load_refusal_model(sets, models)
    (sets / "reserved.jsonl").write_text("not even json\n", encoding="utf-8")  # reserved: never read
    (sets / "classifier_reserved.txt").write_text("reserved  # its thresholds are read on it\n", encoding="utf-8")
    assert load_refusal_model(sets, models).fingerprint == first.fingerprint


def test_a_change_in_how_questions_are_read_retrains_though_no_set_changed(tmp_path, monkeypatch):
    import assistant.understand.learned as learned

    sets, models = tmp_path / "sets", tmp_path / "models"
    sets.mkdir()
    _write_set(sets, "tune", [(e.text, e.refuse) for e in SMALL])
    first = load_refusal_model(sets, models)
    read = learned.reading
    monkeypatch.setattr(learned, "reading", lambda text: read(text) + " 吗")  # the cues read every question anew
    assert load_refusal_model(sets, models).fingerprint != first.fingerprint


class ScriptedModel:
    """A fake classifier: the same probability for every question."""

    def __init__(self, p: float) -> None:
        self.p = p

    def p_refuse(self, text: str) -> float:
        return self.p


@pytest.fixture(scope="module")
def scripted(corpus, tmp_path_factory):
    """One assistant (lexical and exact routes) whose classifier says what the test sets."""
    base = tmp_path_factory.mktemp("scripted")
    settings = Settings(index_dir=base / "index", data_dir=base / "data", veto_below=0.1, refuse_above=0.5)
    model = ScriptedModel(0.5)
    assistant = Assistant(settings, corpus=corpus, embedder=None, refusal_model=model)
    assistant.prepare()
    return assistant, model


def _ask(scripted, p, question):
    assistant, model = scripted
    model.p = p
    return assistant.ask(question)


def test_a_confident_classifier_refuses_what_no_cue_caught(scripted):
    answer = _ask(scripted, 0.9, "知识价值信用贷款最高能贷多少?")
    assert answer.refused and not answer.citations
    assert dict(answer.trace)["second_opinion"] == "0.90: refuse"


def test_a_refusal_the_rules_give_anyway_keeps_their_words(scripted):
    answer = _ask(scripted, 0.9, "知识价值信用贷款的利率是多少?")
    assert answer.refused and "利率" in answer.text, "the rules' refusal names what the plans do not state"


def test_a_confident_classifier_lifts_a_cue_that_fired_on_a_look_alike(scripted):
    question = "企业申请知识价值信用贷款需要提供担保函吗?"  # 担保函 is an errand cue (a letter to write)
    assert _ask(scripted, 0.3, question).refused
    answer = _ask(scripted, 0.05, question)
    assert not answer.refused and dict(answer.trace)["second_opinion"].startswith("0.05: lifted instruction")


def test_small_talk_is_left_to_the_rules(scripted):
    assert dict(_ask(scripted, 0.01, "你好").trace)["second_opinion"] == "off"


def test_the_second_opinion_can_be_switched_off(scripted):
    assistant, model = scripted
    model.p = 0.9
    base = assistant.settings
    assistant.settings = base.with_(second_opinion=False)
    try:
        assert not assistant.ask("知识价值信用贷款最高能贷多少?").refused
    finally:
        assistant.settings = base
