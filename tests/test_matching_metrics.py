"""Eligibility-matching figures: recall of what must be named, precision against what may be."""

from __future__ import annotations

from evals.matching import Profile, profile_metrics, run_matching, summarize_matching

FIRM = Profile("p1", "我们是科技型中小企业,想贷款", must=("wuhan/8", "hubei/21"), may=("wuhan/16",), nothing_applies=False)
SHOP = Profile("p2", "我开饭店,想贷款", must=(), may=(), nothing_applies=True)


def test_recall_counts_the_must_measures_listed():
    assert profile_metrics(["wuhan/8"], FIRM)["recall"] == 0.5
    assert profile_metrics(["hubei/21", "wuhan/8"], FIRM)["missed"] == []


def test_precision_counts_may_measures_as_right_and_others_as_extra():
    m = profile_metrics(["wuhan/8", "wuhan/16", "wuhan/1", "wuhan/8"], FIRM)
    assert m["precision"] == 2 / 3 and m["extra"] == ["wuhan/1"]


def test_a_profile_nothing_applies_to_is_right_only_with_an_empty_list():
    assert profile_metrics([], SHOP) == {"recall": None, "precision": None, "missed": [], "extra": [],
                                        "empty_right": True}
    assert profile_metrics(["wuhan/8"], SHOP)["empty_right"] is False


def test_a_run_scores_each_profile_and_reports_a_failing_match_as_an_error():
    def match(text):
        if "饭店" in text:
            raise RuntimeError("boom")
        return {"measures": [{"id": "wuhan/8"}, {"id": "hubei/21"}], "understood": {}}

    run = run_matching(match, [FIRM, SHOP])
    assert run["summary"]["recall_must"] == 1.0 and run["summary"]["errors"] == 1
    assert summarize_matching(run["profiles"])["nothing_applies_right"] == 1.0
