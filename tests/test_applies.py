"""Eligibility matching's learned second opinion: per-measure classifiers beside the rules."""

from __future__ import annotations

import json

import pytest

from assistant import Assistant, Settings
from assistant.answer.eligibility import LEARNED_WHY, match_profile
from assistant.language.text import reading
from assistant.understand.applies import (AppliesModel, LabelledProfile, Thresholds, load_applies_model,
                                          second_opinion, train_applies_model)

PATENT = "wuhan/8"
ANGEL = "hubei/17"
SMALL = [LabelledProfile(reading(t), frozenset(m)) for t, m in [
    ("我们有发明专利想做专利质押贷款", {PATENT}), ("公司手上有专利 想拿专利去银行贷款", {PATENT}),
    ("专利质押能贷多少", {PATENT}), ("有实用新型专利 想质押融资", {PATENT}),
    ("我是天使投资人 想投早期项目", {ANGEL}), ("天使投资人有什么政策", {ANGEL}),
    ("我们是天使基金 投种子期", {ANGEL}), ("个人天使投资 早期项目", {ANGEL}),
    ("五金批发贸易公司想贷款", set()), ("餐饮连锁门店想扩张", set()),
]]


def test_a_trained_model_leans_towards_the_measures_its_profiles_were_labelled_with():
    model = train_applies_model(SMALL)
    assert set(model.measures) == {PATENT, ANGEL}
    patent, angel = model.p_applies("我们有两项专利 想做质押"), model.p_applies("我是一名天使投资人")
    assert patent[PATENT] > patent[ANGEL] and angel[ANGEL] > angel[PATENT]


def test_the_model_scores_exactly_as_scikit_learn_does():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    model = train_applies_model(SMALL)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    features = vectorizer.fit_transform([e.text for e in SMALL])
    reference = LogisticRegression(C=4.0, solver="liblinear", max_iter=2000)
    reference.fit(features, [PATENT in e.applies for e in SMALL])
    for text in ("专利质押", "天使投资人", "批发"):
        expected = reference.predict_proba(vectorizer.transform([reading(text)]))[0, 1]
        assert model.p_applies(text)[PATENT] == pytest.approx(expected, rel=1e-5)


def test_a_measure_too_few_profiles_were_labelled_with_gets_no_opinion():
    rare = SMALL + [LabelledProfile(reading("我们想发科创债"), frozenset({"hubei/23"}))]
    assert "hubei/23" not in train_applies_model(rare).measures


def test_the_model_survives_a_round_trip_through_its_file(tmp_path):
    model = train_applies_model(SMALL, "abc")
    model.save(tmp_path / "m.npz")
    again = AppliesModel.load(tmp_path / "m.npz")
    assert again.fingerprint == "abc" and again.measures == model.measures and again.positives == model.positives
    assert again.p_applies("专利质押贷款") == pytest.approx(model.p_applies("专利质押贷款"))


def test_the_opinion_drops_what_it_finds_unlikely_keeps_what_it_does_not_know_and_adds_what_is_likely():
    p = {"wuhan/1": 0.05, "wuhan/2": 0.40, "hubei/3": 0.90, "hubei/4": 0.60, "hubei/5": 0.30}
    kept, added = second_opinion(["wuhan/1", "wuhan/2", "wuhan/20"], p, Thresholds(drop=0.15, add=0.5))
    assert kept == ["wuhan/2", "wuhan/20"]  # wuhan/20: no opinion, the rules decide
    assert added == ["hubei/3", "hubei/4"]  # most likely first; hubei/5 is not likely enough


def test_a_measure_few_profiles_were_labelled_with_is_never_dropped_only_added():
    p = {"wuhan/1": 0.05, "hubei/13": 0.05, "hubei/3": 0.90}
    positives = {"wuhan/1": 200, "hubei/13": 8, "hubei/3": 5}
    kept, added = second_opinion(["wuhan/1", "hubei/13"], p, Thresholds(drop=0.15, add=0.5, drop_needs=20), positives)
    assert kept == ["hubei/13"] and added == ["hubei/3"]


def test_the_model_counts_how_often_each_measure_was_labelled():
    assert train_applies_model(SMALL).positives_of() == {PATENT: 4, ANGEL: 4}


def _write_profiles(folder, name, rows):
    lines = [json.dumps({"id": f"{name}-{i}", "profile": t, "must": sorted(m), "may": []}, ensure_ascii=False)
             for i, (t, m) in enumerate(rows)]
    (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_held_out_profile_sets_are_never_trained_on_and_a_changed_set_retrains(tmp_path):
    sets, models = tmp_path / "profiles", tmp_path / "models"
    sets.mkdir()
    _write_profiles(sets, "tune", [(e.text, e.applies) for e in SMALL])
    _write_profiles(sets, "held", [("我们有专利", {ANGEL})])
    (sets / "held_out.txt").write_text("held  # never trained on\n", encoding="utf-8")
    first = load_applies_model(sets, models)
    assert (models / "applies-model.npz").exists()
    (sets / "held.jsonl").write_text("not even json\n", encoding="utf-8")  # held out: never read
    assert load_applies_model(sets, models).fingerprint == first.fingerprint
    _write_profiles(sets, "tune", [(e.text, e.applies) for e in SMALL] + [("专利很多", {PATENT})])
    assert load_applies_model(sets, models).fingerprint != first.fingerprint


def test_no_labelled_profiles_means_no_model(tmp_path):
    assert load_applies_model(tmp_path, tmp_path / "models") is None


# ---- the matcher with an opinion ----------------------------------------------------------------

YICHANG_FIRM = "我们是宜昌的一家科技型中小企业，想申请信用贷款"


def _opinion(drop=(), add=()):
    """A fake second opinion: drops and adds what the test says."""
    return lambda profile, matched: ([m for m in matched if m not in drop], list(add))


def test_the_opinion_drops_a_measure_the_rules_matched(corpus):
    plain = [m.measure_id for m in match_profile(YICHANG_FIRM, corpus).measures]
    first = plain[0]
    dropped = [m.measure_id for m in match_profile(YICHANG_FIRM, corpus, opinion=_opinion(drop={first})).measures]
    assert dropped == [m for m in plain if m != first]


def test_an_added_measure_is_quoted_verbatim_after_the_rules_measures_with_its_contacts(corpus):
    plain = [m.measure_id for m in match_profile(YICHANG_FIRM, corpus).measures]
    assert "hubei/3" not in plain
    result = match_profile(YICHANG_FIRM, corpus, opinion=_opinion(add=["hubei/3"]))
    added = result.measures[-1]
    assert [m.measure_id for m in result.measures] == plain + ["hubei/3"]
    assert added.quote in corpus.unit("hubei/3").text and added.why == LEARNED_WHY and added.contacts


def test_an_added_measure_the_profiles_place_rules_out_is_not_listed(corpus):
    result = match_profile(YICHANG_FIRM, corpus, opinion=_opinion(add=["wuhan/8"]))
    assert not [m for m in result.measures if m.measure_id.startswith("wuhan/")]


def test_everything_dropped_means_nothing_applies_and_says_so(corpus):
    result = match_profile(YICHANG_FIRM, corpus, opinion=lambda profile, matched: ([], []))
    assert result.measures == () and result.note


class ScriptedModel:
    """A fake model: fixed probabilities whatever the profile."""

    def __init__(self, p: dict) -> None:
        self.p = p

    def p_applies(self, profile: str) -> dict:
        return dict(self.p)


def test_the_assistant_matches_and_answers_with_the_model_it_was_given(corpus, tmp_path):
    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    plain = Assistant(settings, corpus=corpus, embedder=None, refusal_model=None, applies_model=None, lead_prior=None)
    ids = [m.measure_id for m in plain.match(YICHANG_FIRM).measures]
    scripted = Assistant(settings, corpus=corpus, embedder=None, refusal_model=None,
                         applies_model=ScriptedModel({ids[0]: 0.01, "hubei/3": 0.99}))
    assert [m.measure_id for m in scripted.match(YICHANG_FIRM).measures] == ids[1:] + ["hubei/3"]
    scripted.prepare()
    answer = scripted.ask(YICHANG_FIRM.replace("想申请信用贷款", "有哪些政策可以用?"))
    assert "hubei/3" in {c.unit_id for c in answer.citations}


def test_switching_the_second_opinion_off_switches_off_the_matchers_too(tmp_path):
    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data", second_opinion=False,
                        model_dir=tmp_path / "models")
    assert Assistant(settings, embedder=None).applies_model is None
    assert not (tmp_path / "models").exists()


def test_a_form_as_read_from_its_description_gets_the_opinion_an_edited_one_does_not(corpus):
    from assistant.answer.eligibility import MatchForm, match_form, read_profile, vocabulary

    form = MatchForm.of(read_profile(YICHANG_FIRM, vocabulary()))
    add = _opinion(add=["hubei/3"])
    as_read = [m.measure_id for m in match_form(form, corpus, description=YICHANG_FIRM, opinion=add).measures]
    edited = MatchForm(form.entity, form.stage, form.needs + ("担保",), form.place)
    assert as_read[-1] == "hubei/3"
    assert "hubei/3" not in [m.measure_id for m in match_form(edited, corpus, description=YICHANG_FIRM,
                                                                opinion=add).measures]
    assert "hubei/3" not in [m.measure_id for m in match_form(form, corpus, opinion=add).measures]


def test_crossval_matches_each_training_set_by_a_model_trained_on_the_others(corpus, tmp_path):
    from evals.matching import crossval_matching

    rows = [(e.text, e.applies) for e in SMALL]
    for name in ("a", "b", "c"):
        _write_profiles(tmp_path, name, rows)
    _write_profiles(tmp_path, "held", [("x", {PATENT})])
    (tmp_path / "held_out.txt").write_text("held\n", encoding="utf-8")
    run = crossval_matching(tmp_path, corpus)
    assert [r["set"] for r in run["sets"]] == ["a", "b", "c"]
    assert run["rules"]["profiles"] == run["with_opinion"]["profiles"] == 3 * len(SMALL)
