"""Rules of eligibility matching: the vocabulary's examples, tags grounded in the text,
the kinds' hierarchy, place limits, the four languages, the empty result and the CONTRACT shape;
need levels and the confidence cut, open asks, providers on the actor side, stable ordering."""

import json
import os
import statistics
import subprocess
import sys
import time

import pytest

from assistant import InputRejected
from assistant.contract import json_line, match_records
from assistant.answer.eligibility import (
    MatchForm, form_choices, format_match, match_form, match_measures, match_profile, measure_tags, named_by_the_profile,
    read_form, read_profile, tag_measure, tag_measures, vocabulary,
)
from assistant.types import Corpus, Unit

from conftest import REPO
from test_cli import run

VOCAB = vocabulary()
ENTRIES = [(category, e.name) for category in ("kinds", "stages", "has", "needs", "places")
           for e in VOCAB.entries(category)]
CHIP_FIRM = "我们是东湖高新区一家成立两年的芯片设计企业，有十几项专利，但没有抵押物，想贷款扩产"


def _entry(category, name):
    return next(e for e in VOCAB.entries(category) if e.name == name)


def _reads_as(category, name, profile):
    """Whether the profile reader reads ``profile`` as the vocabulary entry."""
    understood = read_profile(profile, VOCAB)
    if category == "kinds":
        return name in {c for k in understood.entity for c in VOCAB.classes(k)}
    if category == "stages":
        return name in understood.stage
    if category == "has":
        return name in understood.has
    if category == "needs":
        return name in understood.needs + understood.broad_needs
    return understood.place in {canonical for canonical, _ in _entry("places", name).names}


def _corpus(*units):
    return Corpus((), tuple(units), "hand-made")


def _measure(uid, text, responsible=(), title="措施"):
    doc, number = uid.split("/")
    return Unit(uid, doc, "measure", int(number), (), title, text, (), tuple(responsible))


def _ids(profile, corpus):
    return [m.measure_id for m in match_measures(read_profile(profile, VOCAB), tag_measures(corpus, VOCAB), VOCAB)]


# ---- the vocabulary as reviewed data ------------------------------------------------------


@pytest.mark.parametrize("category,name", ENTRIES)
def test_every_entry_has_two_examples_it_recognises_and_one_it_does_not(category, name):
    cue = _entry(category, name).cue
    assert len(cue.matches) >= 2 and len(cue.misses) >= 1, f"rules/eligibility.yaml: {category} {name} needs examples"


@pytest.mark.parametrize("category,name", ENTRIES)
def test_every_entry_is_read_from_its_examples(category, name):
    missed = [p for p in _entry(category, name).cue.matches if not _reads_as(category, name, p)]
    assert not missed, f"rules/eligibility.yaml: {category} {name} is not read from {missed}"


@pytest.mark.parametrize("category,name", ENTRIES)
def test_every_entry_stays_silent_on_its_look_alikes(category, name):
    fired = [p for p in _entry(category, name).cue.misses if _reads_as(category, name, p)]
    assert not fired, f"rules/eligibility.yaml: {category} {name} is read from {fired}"


def test_the_kinds_hierarchy_runs_from_little_giant_up_to_technology_firm():
    assert {"专精特新", "科技型中小企业", "科技型企业", "企业"} <= set(VOCAB.classes("小巨人"))
    assert "科技型企业" in VOCAB.classes("高新技术企业")
    assert "小巨人" not in VOCAB.classes("专精特新")
    assert set(VOCAB.classes("地方法人银行")) >= {"银行", "金融机构"}


def test_a_profile_is_read_with_the_hierarchy_applied():
    entity = read_profile("我们是一家专精特新“小巨人”企业", VOCAB).entity
    assert entity[0] == "小巨人" and {"专精特新", "科技型中小企业", "科技型企业"} <= set(entity)


def test_a_kind_the_profile_deals_with_is_not_the_profile():
    assert "银行" not in read_profile("我们是芯片企业，想找银行贷款", VOCAB).entity
    assert "科技型企业" not in read_profile("我们是一家保险公司，想投资科技企业", VOCAB).entity
    assert "银行" not in read_profile("公司有发明专利，想拿专利去银行质押贷款", VOCAB).entity
    # a word that only begins like one of those ("foreign" is no "for") leaves the kind the profile's own
    assert "创投机构" in read_profile("We're a foreign private equity firm setting up a fund in Wuhan", VOCAB).entity
    # a partner of a VC is someone speaking for it; a partner of a bank is its counterpart
    assert "创投机构" in read_profile("European VC partner, writing from Munich", VOCAB).entity
    assert "银行" not in read_profile("We are a bank's partner in Wuhan making chips", VOCAB).entity


def test_where_a_firms_shares_trade_is_not_where_it_is():
    understood = read_profile("We're a Shenzhen-listed company headquartered in Wuhan, planning an acquisition", VOCAB)
    assert understood.place == "武汉" and "上市公司" in understood.entity


def test_patents_make_a_firm_technological_but_not_a_professor_a_firm():
    assert "科技型企业" in read_profile("我们公司有十几项专利，想贷款", VOCAB).entity
    assert "科技型企业" not in read_profile("我是高校教授，有几项专利想转化", VOCAB).entity


def test_patents_and_no_collateral_turn_a_loan_into_its_specific_needs():
    understood = read_profile(CHIP_FIRM, VOCAB)
    assert understood.needs == ("信用贷款", "知识产权质押") and understood.place == "武汉"
    assert understood.stage == ("初创期",) and understood.entity[0] == "科技型中小企业"


@pytest.mark.parametrize("profile, needs", [
    ("我们想用并购贷款收购一家上游企业", ("并购",)),
    ("我们想做跨境融资", ("跨境融资",)),
    ("我们想做并购,另外也想申请银行贷款", ("并购", "贷款")),
])
def test_a_broad_need_named_only_as_the_head_noun_of_a_specific_one_is_no_need_of_its_own(profile, needs):
    assert read_profile(profile, VOCAB).needs == needs


def test_a_loan_said_not_to_need_collateral_is_still_asked_for():
    understood = read_profile("我们是光谷的专精特新企业，厂房是租的，有没有不要抵押的贷款政策可以用", VOCAB)
    assert "信用贷款" in understood.needs


def test_what_the_profile_makes_is_no_need():
    understood = read_profile("我们是金融科技公司，主要做区块链供应链金融系统，想了解有啥政策", VOCAB)
    assert "供应链金融" not in understood.needs
    assert "供应链金融" in read_profile("我们是链主企业的供应商，想做供应链金融", VOCAB).needs


def test_the_work_a_service_firm_does_for_others_is_no_need():
    understood = read_profile("We're a mid-sized accounting and advisory firm in Wuhan doing IPO audits and valuations "
                              "for tech start-ups. Does either plan support intermediaries like us?", VOCAB)
    assert "科技服务机构" in understood.entity and "上市" not in understood.needs
    assert "上市" not in read_profile("我们是会计师事务所，主要做上市审计", VOCAB).needs
    assert "上市" in read_profile("我们是光谷的芯片企业，想做上市辅导，准备IPO", VOCAB).needs


def test_a_head_count_makes_a_small_firm_of_a_firm_only():
    said = "我们在荆州做米粉加工，几十个工人，不是高新技术企业也不算科技型企业，想贷两百万周转，没有抵押。"
    assert read_profile(said, VOCAB).entity == ("中小企业",)
    assert "中小企业" not in read_profile("我们是一家银行，有200名员工", VOCAB).entity
    assert "中小企业" not in read_profile("我们需要引进5个人才", VOCAB).entity


def test_buying_or_selling_fund_shares_asks_for_share_transfers():
    for said in ("我们是香港的家族办公室，亦有興趣收購一些存量基金份額", "We manage an RMB fund; some of our LPs want to sell "
                 "their fund interests before the fund's term ends"):
        assert "份额转让" in read_profile(said, VOCAB).needs


def test_a_profile_that_asks_openly_has_no_specific_need():
    understood = read_profile("我们是一家成立三年的专精特新企业，有哪些政策可以用？", VOCAB)
    assert understood.open and understood.needs == ()


# ---- tags read from the documents ---------------------------------------------------------

HAND_MADE = _measure(
    "wuhan/3", "3.支持科技型企業信用融資。為科技型中小企業發放最長3年期、最高額度500萬元的信用貸款。"
               "(責任單位:市科技創新局、銀行)", responsible=("市科技创新局",))


def test_tags_of_a_hand_made_measure_rest_on_its_words():
    tags = tag_measure(HAND_MADE, VOCAB)
    kinds = {t.name: t.span for s in tags.sentences for t in s.kinds}
    instruments = {t.name: t.span for s in tags.sentences for t in s.instruments}
    assert kinds == {"科技型企业": "科技型企業", "科技型中小企业": "科技型中小企業"}
    assert instruments == {"信用贷款": "信用貸款"}
    assert [t.span for t in tags.terms] == ["最長3年期", "最高額度500萬元"]
    assert tags.contacts == ("市科技创新局",)
    assert all(s.place == "武汉" for s in tags.sentences)


def test_the_responsibility_list_is_not_read_as_an_offer():
    tags = tag_measure(HAND_MADE, VOCAB)
    assert "银行" not in {t.name for s in tags.sentences for t in s.kinds}


def test_a_sentence_that_reports_statistics_offers_nothing():
    unit = _measure("wuhan/20", "20.健全績效評估機制。建立統計監測體系,全面反映全市科技型企業貸款情況。")
    assert all(not s.kinds for s in tag_measure(unit, VOCAB).sentences)


def test_every_tag_of_the_real_measures_rests_on_a_span_of_the_unit_text(corpus):
    tags = measure_tags(corpus)
    assert [m.id for m in tags] == [u.id for u in corpus.units if u.kind == "measure"]
    for measure in tags:
        text = corpus.unit(measure.id).text
        for tag in measure.tags():
            assert tag.span and text[tag.start:tag.end] == tag.span, (measure.id, tag)


def test_hubei_contacts_are_the_lead_units_of_its_annex_rows(corpus):
    tags = {m.id: m for m in measure_tags(corpus)}
    assert tags["hubei/12"].contacts == ("人行湖北省分行",)
    assert tags["wuhan/8"].contacts == corpus.unit("wuhan/8").responsible_units


def test_a_hubei_sentence_about_a_wuhan_pilot_zone_is_limited_to_wuhan(corpus):
    hubei12 = next(m for m in measure_tags(corpus) if m.id == "hubei/12")
    places = {corpus.unit("hubei/12").text[s.start:s.end][:6]: s.place for s in hubei12.sentences}
    assert places["依托东湖高新"] == "武汉" and places["持续优化科技"] == "湖北"


# ---- matching -----------------------------------------------------------------------------

LITTLE = _measure("hubei/1", "1.支持专精特新企业发行科技创新债券。")
GENERAL = _measure("hubei/2", "2.推动科技型企业发行科技创新债券。")


def test_a_measure_for_a_class_applies_to_its_members_but_not_the_reverse():
    corpus = _corpus(LITTLE, GENERAL)
    assert _ids("我们是小巨人企业，计划发行科创债", corpus) == ["hubei/1", "hubei/2"]
    assert _ids("我们是一家芯片企业，计划发行科创债", corpus) == ["hubei/2"]


def test_a_measure_that_offers_something_else_does_not_apply():
    assert _ids("我们是一家芯片企业，想做并购", _corpus(LITTLE, GENERAL)) == []


def test_a_provinces_measure_on_a_wuhan_zone_reaches_the_province_where_it_does_not_name_the_zone():
    corpus = _corpus(_measure("hubei/7", "7.高水平建设东湖科技保险创新示范区。做优东湖科技保险创新示范区建设。"
                                         "推广新材料首批次保险等创新险种。"))
    assert _ids("我们是宜昌的新材料企业，有没有保险能兜底首批次应用", corpus) == ["hubei/7"]
    places = [s.place for s in tag_measure(corpus.unit("hubei/7"), VOCAB).sentences]
    assert places[-2:] == ["武汉", "湖北"]


def test_a_first_of_its_kind_product_makes_a_technology_firm():
    assert "科技型企业" in read_profile("我们机床厂刚做出国内第一台五轴联动机床，想找保险兜底", VOCAB).entity


def test_a_wuhan_measure_does_not_apply_to_a_firm_in_yichang():
    corpus = _corpus(HAND_MADE, _measure("hubei/4", "4.深化科技型企业知识价值信用贷款改革。"))
    assert _ids("我们是宜昌的一家科技型中小企业，想申请信用贷款", corpus) == ["hubei/4"]
    assert _ids("我们是光谷的一家科技型中小企业，想申请信用贷款", corpus) == ["wuhan/3", "hubei/4"]
    assert _ids("我们是长沙的一家科技型中小企业，想申请信用贷款", corpus) == []


def test_no_wuhan_measure_is_listed_for_a_firm_in_yichang(corpus):
    result = match_profile("我们是宜昌的一家新材料企业，成立五年，想贷款", corpus)
    assert result.understood.place == "宜昌" and result.measures
    assert not [m.measure_id for m in result.measures if m.measure_id.startswith("wuhan/")]


@pytest.mark.parametrize("profile", [
    CHIP_FIRM,
    "我們是東湖高新區一家成立兩年的晶片設計企業，有十幾項專利，但沒有抵押物，想貸款擴產",
    "我哋係一間喺光谷嘅晶片設計公司，成立咗兩年，有專利但冇抵押，想借錢擴產",
    "We are a two-year-old chip-design startup in Optics Valley, Wuhan, with patents but no collateral. We need a loan.",
])
def test_a_profile_reads_alike_in_each_language(corpus, profile):
    result = match_profile(profile, corpus)
    assert result.understood.to_contract() == {"entity": ["科技型中小企业", "科技型企业", "中小企业"],
                                               "stage": ["初创期"], "needs": ["信用贷款", "知识产权质押"], "place": "武汉"}
    ids = [m.measure_id for m in result.measures]
    assert ids[0] == "wuhan/8" and {"wuhan/7", "hubei/8", "hubei/21"} <= set(ids)


def test_each_listed_measure_is_a_numbered_measure_listed_once_with_a_verbatim_quote(corpus):
    result = match_profile(CHIP_FIRM, corpus)
    ids = [m.measure_id for m in result.measures]
    assert len(ids) == len(set(ids)) and all(corpus.unit(i).kind == "measure" for i in ids)
    for m in result.measures:
        text = corpus.unit(m.measure_id).text
        assert m.quote in text and all(term in text for term in m.terms) and m.why and m.contacts
    wuhan8 = result.measures[0]
    assert wuhan8.quote == "為科技型企業發放最長3年期、最高額度1000萬元的信用貸款"
    assert wuhan8.terms[:2] == ("最長3年期", "最高額度1000萬元")


def test_a_non_tech_wholesaler_wanting_a_loan_is_told_nothing_applies(corpus):
    result = match_profile("我们是一家做五金批发的贸易公司，没有什么技术，想贷款", corpus)
    record = result.to_contract()
    assert result.measures == () and record["measures"] == [] and record["note"]


def test_an_open_profile_gets_what_is_aimed_at_its_kind(corpus):
    ids = [m.measure_id for m in match_profile("我们是一家财险公司，有哪些政策可以用？", corpus).measures]
    assert {"wuhan/14", "wuhan/15", "hubei/7", "hubei/10"} <= set(ids)


def test_a_bank_setting_up_a_tech_branch_gets_how_specialised_units_are_run_too(corpus):
    ids = [m.measure_id for m in match_profile("我们银行打算在光谷设一家科技支行，专营机构的考核能不能单独搞？", corpus).measures]
    assert {"wuhan/6", "hubei/10", "hubei/11"} <= set(ids)  # hubei/11: 独立的考核约束…等专营机制


def test_an_unreadable_profile_says_what_it_missed(corpus):
    result = match_profile("你好", corpus)
    assert result.measures == () and "主体" in result.note


def test_matching_a_profile_takes_well_under_50_ms_warm(corpus):
    match_profile(CHIP_FIRM, corpus)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        match_profile("我们是一家专精特新“小巨人”企业，有哪些政策可以用？", corpus)
        timings.append((time.perf_counter() - started) * 1000)
    assert statistics.median(timings) < 50


def test_the_assistant_matches_through_the_same_entry_point(offline_assistant):
    result = offline_assistant.match(CHIP_FIRM)
    assert result.measures[0].measure_id == "wuhan/8"
    assert "wuhan/8" in format_match(result)


# ---- the CONTRACT's interfaces --------------------------------------------------------------


def test_batch_records_keep_order_and_a_bad_line_gets_an_error(corpus):
    lines = [b'{"id": "p1", "profile": "\xe6\x88\x91\xe4\xbb\xac\xe6\x98\xaf\xe4\xb8\x80\xe5\xae\xb6\xe9\x93\xb6\xe8\xa1\x8c"}',
             b"not json", b"", b'{"id": "p4"}', '{"profile": "We are an insurer"}'.encode()]
    records = list(match_records(lambda p: match_profile(p, corpus), lines))
    assert [r["id"] for r in records] == ["p1", "line-2", "line-3", "p4", "line-5"]
    assert [("error" in r) for r in records] == [False, True, True, True, False]
    assert records[0]["measures"] and records[4]["understood"]["entity"] == ["保险机构"]


def test_match_json_prints_the_contract_object():
    out = run("match", CHIP_FIRM, "--json", env={"POLICY_EMBEDDER": "none"})
    assert out.returncode == 0
    record = json.loads(out.stdout)
    assert list(record) == ["profile", "understood", "measures", "latency_ms"]
    assert list(record["understood"]) == ["entity", "stage", "needs", "place"]
    assert list(record["measures"][0]) == ["id", "title", "why", "quote", "terms", "contacts"]


def test_match_batch_writes_one_line_per_input_line_and_goes_on_after_a_bad_one(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json_line({"id": "p1", "profile": CHIP_FIRM}) + "\n{broken\n"
                      + json_line({"id": "p3", "profile": "我们是一家做五金批发的贸易公司，没有什么技术，想贷款"}) + "\n",
                      encoding="utf-8")
    out = run("match", "--batch", str(source), "-o", str(tmp_path / "out.jsonl"), env={"POLICY_EMBEDDER": "none"})
    assert out.returncode == 0
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["p1", "line-2", "p3"]
    assert lines[0]["measures"][0]["id"] == "wuhan/8" and "error" in lines[1]
    assert lines[2]["measures"] == [] and lines[2]["note"]


def test_match_text_mode_says_what_was_understood_and_an_empty_profile_is_a_usage_error():
    out = run("match", "我们是一家专精特新“小巨人”企业，计划发行科创债", env={"POLICY_EMBEDDER": "none"})
    assert out.returncode == 0 and out.stdout.startswith("读取到:主体 小巨人") and "wuhan/12" in out.stdout
    assert run("match", "   ", env={"POLICY_EMBEDDER": "none"}).returncode == 2


# ---- the matching form ----------------------------------------------------------------------

WUHAN_NO_COLLATERAL = "武汉一家科技型中小企业，没有抵押物，想申请信用贷款"


def _form_ids(form, corpus):
    return [m.measure_id for m in match_measures(read_form(form, VOCAB), tag_measures(corpus, VOCAB), VOCAB)]


def test_the_form_offers_the_vocabulary_in_file_order_with_english_names():
    choices = form_choices(VOCAB)
    assert choices.kinds[:4] == ("企业", "中小企业", "科技型企业", "科技型中小企业")
    assert choices.stages == ("种子期", "初创期", "成长期", "成熟期")
    assert choices.needs[:3] == ("融资", "贷款", "信用贷款")
    assert choices.places[:4] == ("武汉", "黄石", "十堰", "宜昌") and "湖北" in choices.places and "香港" in choices.places
    assert [choices.label(n, "en") for n in ("科技型中小企业", "初创期", "信用贷款", "无抵押", "宜昌", "西安")] == [
        "technology-based SMEs", "start-up stage", "credit (unsecured) loans", "no collateral", "Yichang", "Xi'an"]
    assert choices.label("宜昌") == "宜昌"


def test_choosing_specialised_smes_on_the_form_brings_in_every_class_that_includes_them():
    understood = read_form(MatchForm(entity=("专精特新",)), VOCAB)
    assert understood.entity == ("专精特新", "创新型中小企业", "科技型中小企业", "中小企业", "科技型企业")


def test_choosing_both_classes_of_an_overlap_on_the_form_makes_the_overlap():
    assert read_form(MatchForm(entity=("上市公司", "科技型企业")), VOCAB).entity == ("科技型上市公司", "上市公司", "科技型企业")


def test_a_stage_on_the_form_does_not_make_a_firm_technological_and_is_a_firms_only():
    assert read_form(MatchForm(("企业",), ("初创期",), ("贷款",)), VOCAB).entity == ("企业",)
    assert read_form(MatchForm(("企业",), ("初创期",)), VOCAB).stage == ("初创期",)
    assert read_form(MatchForm(("银行",), ("初创期",)), VOCAB).stage == ()


def test_a_broad_need_on_the_form_gives_way_to_the_specific_one_it_stands_for():
    understood = read_form(MatchForm(("企业",), needs=("贷款", "信用贷款", "债券")), VOCAB)
    assert (understood.needs, understood.broad_needs) == (("信用贷款", "债券"), ("贷款",))


def test_a_place_on_the_form_outside_wuhan_excludes_wuhan_only_measures():
    corpus = _corpus(HAND_MADE, _measure("hubei/4", "4.深化科技型企业知识价值信用贷款改革。"))
    form = MatchForm(("科技型中小企业",), (), ("信用贷款",))
    assert _form_ids(form, corpus) == ["wuhan/3", "hubei/4"]
    assert _form_ids(MatchForm(form.entity, form.stage, form.needs, "武汉"), corpus) == ["wuhan/3", "hubei/4"]
    assert _form_ids(MatchForm(form.entity, form.stage, form.needs, "宜昌"), corpus) == ["hubei/4"]
    assert _form_ids(MatchForm(form.entity, form.stage, form.needs, "长沙"), corpus) == []
    assert read_form(MatchForm(place="宜昌"), VOCAB).outside == ("武汉",)


@pytest.mark.parametrize("profile", [
    CHIP_FIRM, WUHAN_NO_COLLATERAL, "我们是宜昌的一家新材料企业，成立五年，想贷款", "我们是一家财险公司，有哪些政策可以用？",
    "我们是一家做五金批发的贸易公司，成立两年，没有什么技术，想贷款", "We are an SME in Yichang and need financing",
])
def test_the_form_of_a_read_profile_matches_to_what_the_profile_matched(corpus, profile):
    read = match_profile(profile, corpus)
    filled = match_form(read.form, corpus, read.understood.language)
    assert filled.understood.to_contract() == read.understood.to_contract()
    assert filled.understood.broad_needs == read.understood.broad_needs
    assert filled.measures == read.measures and filled.note == read.note


def test_the_form_holds_what_was_read_broad_needs_included(corpus):
    assert match_profile(CHIP_FIRM, corpus).form == MatchForm(
        ("科技型中小企业", "科技型企业", "中小企业"), ("初创期",), ("信用贷款", "知识产权质押", "贷款"), "武汉")


@pytest.mark.parametrize("form", [
    MatchForm(entity=("外星企业",)), MatchForm(stage=("冬眠期",)), MatchForm(needs=("免费午餐",)),
    MatchForm(place="火星"), MatchForm(entity=(1,)), MatchForm(entity=42), MatchForm(place=("武汉", "宜昌")),
])
def test_a_form_value_the_vocabulary_lacks_is_rejected_in_both_languages(form):
    with pytest.raises(InputRejected) as rejected:
        read_form(form, VOCAB)
    assert "表单" in str(rejected.value) and "form" in rejected.value.english


def test_an_empty_form_matches_nothing_and_says_why_in_its_language(corpus):
    assert match_form(MatchForm(), corpus).measures == ()
    assert "主体" in match_form(MatchForm(), corpus).note
    assert match_form(MatchForm(), corpus, "en").note.startswith("Could not tell what kind")


def test_the_assistant_matches_a_form_through_its_entry_point(offline_assistant):
    result = offline_assistant.match_form(["科技型中小企业"], [], ["信用贷款"], "宜昌")
    assert [m.measure_id for m in result.measures] == ["hubei/21", "hubei/12", "hubei/22"]
    english = offline_assistant.match_form(["科技型中小企业"], [], ["信用贷款"], "武汉", language="en")
    assert "wuhan/8" in [m.measure_id for m in english.measures]
    assert english.measures[0].why == "credit (unsecured) loans for technology-based enterprises"
    assert offline_assistant.match_choices().stages == ("种子期", "初创期", "成长期", "成熟期")


# ---- how a profile is read: order, asks, places -------------------------------------------


def test_kinds_at_the_same_depth_come_in_the_rules_files_order():
    entity = read_profile("武汉一家科技型中小企业，没有抵押物，想申请信用贷款", VOCAB).entity
    assert entity == ("科技型中小企业", "中小企业", "科技型企业")


def test_a_profile_reads_the_same_whatever_the_hash_seed():
    code = ("from assistant.answer.eligibility import read_profile, vocabulary;"
            "print(read_profile('武汉一家科技型中小企业，没有抵押物，想申请信用贷款', vocabulary()))")
    outputs = {subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3", "4")}
    assert len(outputs) == 1 and "科技型中小企业" in outputs.pop()


def test_a_bank_that_opened_branches_is_not_asking_to_list_or_to_open_them():
    understood = read_profile("我是武汉本地一家农商行科技金融部的，我们去年刚挂牌了两家科技支行。想看看方案对我们银行有哪些支持", VOCAB)
    assert understood.entity[0] == "地方法人银行" and understood.needs == () and understood.open
    assert read_profile("我们是一家银行，打算在光谷设一家科技支行", VOCAB).needs == ("设立机构",)


def test_the_profiles_own_kind_named_as_a_target_asks_for_nothing():
    understood = read_profile("武汉市某区的政府性融资担保公司，想了解文件里对担保机构有哪些要求和支持？", VOCAB)
    assert understood.entity == ("担保机构",) and understood.open


def test_a_kind_named_as_an_example_of_what_is_wanted_is_a_counterpart():
    understood = read_profile("我们是光谷一个科技园区的运营方，想牵头去对接，比如银行担保进园区之类的", VOCAB)
    assert "银行" not in understood.entity and "担保" in understood.needs


def test_what_an_investor_puts_its_money_into_is_its_target_not_its_kind():
    understood = read_profile("I work at an insurance company's investment arm. We'd like to put insurance capital "
                              "into tech companies in Wuhan.", VOCAB)
    assert understood.entity == ("保险机构",)


def test_setting_up_a_dedicated_unit_keeps_what_the_unit_will_do_as_a_need():
    understood = read_profile("Head office has asked us to evaluate setting up a dedicated sci-tech insurance unit; "
                              "we are an insurer", VOCAB)
    assert understood.entity[0] == "保险机构" and set(understood.needs) == {"设立机构", "保险"}


def test_a_need_named_only_inside_another_needs_name_is_that_needs_qualifier():
    assert read_profile("我们在武汉，产品做到中试阶段了，听说有中试贷", VOCAB).needs == ("科技信贷产品",)


def test_a_root_stays_when_the_profile_is_it_in_its_own_right():
    assert read_profile("我们是一家国有企业下属的研究院", VOCAB).entity == ("国企", "高校院所")
    assert read_profile("我们是一家国有企业", VOCAB).entity == ("国企",)


def test_a_banks_tech_branch_is_no_technology_firm():
    assert read_profile("I head the tech sub-branch of a commercial bank in Wuhan", VOCAB).entity == ("银行",)


@pytest.mark.parametrize("profile,place", [
    ("十堰的高新技术企业，我们不在武汉，湖北省里有政策吗", "十堰"),
    ("We're a high-tech enterprise in Xiangyang, Hubei", "襄阳"),
    ("我们是长沙的一家AI公司，听说光谷有个路演中心", "长沙"),
    ("我是香港的投资人，打算在武汉设一支qflp基金", "武汉"),
    ("我们是深圳的创投机构，想在武汉落一支早期基金", "武汉"),
    ("We are a Shanghai VC planning to set up a new fund in Wuhan", "武汉"),  # the verb before the place
    ("我们是上海的软件公司，想问上海有什么贷款政策", "上海"),
    ("我在台北经营一个咖啡连锁品牌", "台湾"),
    ("我是香港人，在光谷开了一间做传感器的公司", "武汉"),  # where the person is from is not where the firm is
    ("我们是深圳一家律所在武汉的办事处", "武汉"),  # a branch is where it is
    ("We are the Wuhan office of a Singapore fund", "武汉"),
    ("在新加坡读完博士后回到武汉做芯片创业", "武汉"),  # came back and is there
    ("I studied in London and moved back to Wuhan to start a biotech firm", "武汉"),
    ("我以前喺深圳做芯片設計，而家搬咗嚟武漢做天使投資", "武汉"),  # where it was is not where it is
    ("本人是澳門投資者，幾年前做了武漢一隻創投基金的LP", "武汉"),  # an outsider holding a stake there
    ("我系香港嘅天使投资人，呢几年喺光谷投咗四五间初创", "武汉"),  # where its investments are
    ("本人澳門居民，以個人身份做天使投資，這兩年投了幾家武漢的早期科技公司", "武汉"),  # the count between verb and place
    ("我系一个讲广东话嘅天使投资人，想同武汉政府嘅种子基金一齐做LP", "武汉"),  # 广东话: a language, no place
    ("我哋总部喺深圳，啱啱喺武汉注册咗家子公司", "武汉"),  # registered there: the subsidiary is where it is
    ("我们是北京的私募基金，新发一支专注武汉硬科技的基金", "武汉"),  # a fund focused on a place invests there
    ("A Beijing VC partner; our new fund is focused on Wuhan deep tech", "武汉"),
    ("We're a Hong Kong secondaries fund buying LP interests in Wuhan-based venture funds", "武汉"),  # where it buys
])
def test_the_place_is_the_first_named_told_more_closely_or_where_an_outsider_sets_up(profile, place):
    assert read_profile(profile, VOCAB).place == place


# ---- what applies: need levels, open asks, providers --------------------------------------

GUARANTEE = _measure("hubei/1", "1.强化科技担保。推广科技型企业融资担保业务。")
CREDIT = _measure("hubei/2", "2.扩大信用贷款。为科技型企业发放信用贷款。")


def test_the_list_ends_where_the_score_falls_a_need_level():
    corpus = _corpus(GUARANTEE, CREDIT)
    assert _ids("我们是一家科技型企业，想贷款，需要担保", corpus) == ["hubei/1"]
    assert _ids("我们是一家科技型企业，想贷款", corpus) == ["hubei/1", "hubei/2"]


def test_an_instrument_inside_a_firms_kind_is_still_offered():
    corpus = _corpus(_measure("hubei/8", "8.完善科技担保体系。深入实施支持科技创新专项担保计划。"))
    assert _ids("我们是科技型中小企业，需要融资担保", corpus) == ["hubei/8"]


def test_an_open_ask_gets_what_names_its_kind_not_a_general_word_or_a_project():
    corpus = _corpus(_measure("hubei/5", "5.强化基金引导。支持政府投资基金直接投资科技创新项目。"),
                     _measure("hubei/6", "6.支持并购。鼓励民营企业参与设立并购基金。"),
                     _measure("hubei/7", "7.扩大债券融资。支持科技型企业发行科技创新债券。"))
    assert _ids("我们是高新技术企业，有哪些政策可以用？", corpus) == ["hubei/7"]
    assert _ids("我在武昌开了一家茶餐厅，有哪些政策可以用？", corpus) == []


def test_a_provider_named_only_by_its_root_class_is_matched_on_what_it_sells():
    corpus = _corpus(_measure("hubei/3", "3.扩大科技信贷。鼓励金融机构为科技型企业发放信用贷款。"),
                     _measure("hubei/4", "4.发展科技保险。鼓励金融机构开发首台套保险产品。"))
    assert _ids("我们是一家银行，有哪些政策可以用？", corpus) == ["hubei/3"]
    assert _ids("我们是一家保险公司，有哪些政策可以用？", corpus) == ["hubei/4"]


def test_an_investor_that_says_only_that_may_be_any_kind_of_investor():
    corpus = _corpus(_measure("hubei/9", "9.推动开放合作。在有条件的区设立合格境外有限合伙人(QFLP)基金。"))
    assert _ids("我是一名投资人，想在武汉设一支qflp基金", corpus) == ["hubei/9"]
    assert _ids("我们是一家保险公司，想在武汉设一支qflp基金", corpus) == []


@pytest.mark.parametrize("profile", ["我在武昌开了一家茶餐厅，想申请装修补贴和消费券",
                                     "我是在武汉念书的大学生，想申请助学贷款",
                                     "汉正街做服装批发的小公司，想用仓库抵押贷个300万"])
def test_a_profile_asking_only_for_what_neither_plan_offers_is_told_nothing_applies(corpus, profile):
    result = match_profile(profile, corpus)
    assert result.measures == () and result.note


def test_equity_asked_beside_a_specific_product_of_its_family_is_asked_in_its_own_right():
    corpus = _corpus(_measure("hubei/1", "1.推广投贷联动。为科技型企业提供投贷联动产品。"),
                     _measure("hubei/2", "2.扩大股权投资。支持政府投资基金直接投资科技型企业。"))
    profile = "我们是科技型企业，希望政府引导基金能进来，另外想了解投贷联动"
    assert read_profile(profile, VOCAB).needs == ("投贷联动",)
    assert _ids(profile, corpus) == ["hubei/1", "hubei/2"]


def test_the_kinds_a_passage_names_are_read_with_the_profiles_vocabulary():
    from assistant.answer.eligibility import kinds_named

    assert {"证券机构", "专精特新", "独角兽"} <= kinds_named("支持证券公司、专精特新企业、独角兽企业等发行科技创新债券")
    assert kinds_named("完善科技金融风险监测预警机制") == frozenset()


def test_a_need_the_measures_kept_leave_unmet_keeps_its_best_measure_after_them():
    from assistant.answer.eligibility import MeasureMatch, _each_need_answered

    def measure(mid: str) -> MeasureMatch:
        return MeasureMatch(mid, mid, "", "", (), ())
    insurance, loan_best, loan_other, equity = map(measure, ("wuhan/15", "wuhan/8", "wuhan/7", "wuhan/3"))
    found = [(40.0, 0, insurance), (38.0, 1, equity), (31.0, 2, loan_other), (32.0, 3, loan_best)]
    answers = {"wuhan/15": {"保险"}, "wuhan/3": {"股权投资"}, "wuhan/7": {"贷款"}, "wuhan/8": {"贷款"}}
    kept = [insurance, equity]  # the loans fell below the confidence cut
    assert _each_need_answered(("保险", "贷款", "股权投资"), found, answers, kept) == [loan_best]
    assert _each_need_answered(("保险", "股权投资"), found, answers, kept) == []  # every need met already


def test_a_provider_kind_with_no_members_is_named_for_itself_beside_a_firm_side_kind():
    # 科研人员 (firm side) who wants to act as an 天使投资人 (a provider kind no other kind sits in)
    corpus = _corpus(_measure("hubei/19", "19.支持符合条件的创业投资基金和天使投资人按规定申报享受税收优惠政策。"))
    assert _ids("我是高校的研究员，想以个人身份做天使投资，听说天使投资人有税收优惠?", corpus) == ["hubei/19"]


def test_a_place_the_profile_came_over_to_is_where_it_is():
    understood = read_profile("我们是从广东过来咸宁投资的生物科技公司，想用专利质押贷款", VOCAB)
    assert understood.place == "咸宁"


def test_banks_asking_the_founder_for_financials_are_not_the_founder():
    understood = read_profile("I started a sequencing-data analysis company in Wuhan. Banks keep asking for two years of "
                              "financials which we don't have. Someone mentioned 'talent loans' — which policy covers that?", VOCAB)
    assert "银行" not in understood.entity and "科技型企业" in understood.entity
    assert "科技信贷产品" in understood.needs


def test_a_bank_that_speaks_to_the_profile_is_not_the_profile():
    understood = read_profile("我们是做酶制剂的科技公司，银行说没有抵押不批贷款，能用专利质押吗", VOCAB)
    assert "银行" not in understood.entity and "知识产权质押" in understood.needs


@pytest.mark.parametrize("profile,absent", [
    ("我们是荆州的化工厂，不是高新技术企业，也没有什么专利，想续贷", ("高新技术企业", "知识产权")),
    ("We are not a high-tech enterprise and have no patents; we want a working-capital loan", ("高新技术企业", "知识产权")),
])
def test_a_kind_or_possession_the_profile_denies_is_not_read(profile, absent):
    understood = read_profile(profile, VOCAB)
    assert not set(absent) & (set(understood.entity) | set(understood.has))


def test_asking_whether_it_has_or_is_something_is_no_denial():
    assert "高新技术企业" in read_profile("我们是不是高新技术企业都能申请吗", VOCAB).entity
    assert "知识产权" in read_profile("我们是武汉的科技公司，有没有专利都行吗，想贷款", VOCAB).has


def test_an_investor_is_where_it_goes_to_invest_and_a_firm_going_to_pitch_is_not_there():
    investor = read_profile("我係香港嘅天使投資人，最近想去武漢光谷睇下啲早期項目，有冇稅收優惠？", VOCAB)
    firm = read_profile("我们是合肥的一家AI公司，A轮，想去武汉那边路演找投资人", VOCAB)
    assert (investor.place, firm.place) == ("武汉", "合肥")


def test_a_firm_listed_on_a_board_is_a_listed_company_and_does_not_ask_to_list():
    understood = read_profile("我们是科创板上市的半导体设备公司，想做控股并购，收购上下游的企业", VOCAB)
    assert "上市公司" in understood.entity and "科技型企业" in understood.entity
    assert not {"上市", "供应链金融"} & set(understood.needs), "buying its suppliers is no supply-chain finance"


def test_one_working_for_a_government_guidance_fund_is_that_fund():
    assert "政府投资基金" in read_profile("我是宜昌市政府引导基金的投资经理，想参与省里的种子基金群", VOCAB).entity


def test_a_place_the_profile_does_not_plan_to_set_up_in_is_not_where_it_will_be():
    understood = read_profile("We're a Shanghai-based startup. 我们不打算在湖北设点", VOCAB)
    assert understood.place == "上海"


@pytest.mark.parametrize("profile", ["我们是武汉的软件公司,想贷款,暂时不考虑股权融资",
                                     "We're a software startup in Wuhan wanting a loan, not looking for VC right now"])
def test_a_need_the_profile_says_it_does_not_have_is_not_read(profile):
    understood = read_profile(profile, VOCAB)
    assert "股权投资" not in understood.needs + understood.broad_needs and "贷款" in understood.needs + understood.broad_needs


def test_a_service_the_profile_does_for_others_is_not_its_need():
    understood = read_profile("我们是武汉一家评估和律师服务机构,也帮企业做质押融资的评估,政策上对我们有什么说法?", VOCAB)
    assert "知识产权质押" not in understood.needs + understood.broad_needs
    assert "科技服务机构" in understood.entity


def test_a_kind_asked_about_is_not_what_the_profile_is():
    understood = read_profile("我是武汉一个退休老师，想买点理财产品，哪家银行利率高？", VOCAB)
    assert "银行" not in understood.entity
    assert "银行" not in read_profile("Which bank gives the best rate on deposits?", VOCAB).entity
    assert read_profile("我们是一家银行，想了解科技信贷的政策", VOCAB).entity[0] == "银行"


def test_a_firm_serving_tech_firms_gets_the_measures_naming_its_kind_whatever_its_work_asks():
    corpus = _corpus(_measure("hubei/10", "10.壮大机构体系。引进培育优质法律会计、评估认证等科技金融中介服务机构。"),
                     _measure("hubei/25", "25.夯实塔基。实施“千企股改”行动，引导科技型企业快速申报新三板挂牌。"),
                     _measure("hubei/7", "7.扩大债券融资。支持科技型企业发行科技创新债券。"))
    # its work ("参与千企股改") reads as a need no measure offers a service firm: the one naming its kind answers
    assert _ids("我们是武汉一家会计师事务所，想参与“千企股改”，有没有政策支持？", corpus) == ["hubei/10"]
    # a technology firm asking the same gets no measure for service firms
    assert _ids("我们是一家科技型企业，想参与“千企股改”", corpus) == ["hubei/25"]


def test_an_investment_coming_due_is_no_loan_to_renew_and_the_fund_saying_we_is_the_asker():
    understood = read_profile("我们基金投的几个项目到期了想退出,武汉有没有份额转让的渠道", VOCAB)
    assert "续贷" not in understood.needs and "创投机构" in understood.entity
    assert "续贷" in read_profile("我们的贷款下个月到期了", VOCAB).needs


def test_a_kind_denied_with_a_softening_word_is_not_read_and_a_small_firm_is_an_sme():
    understood = read_profile("We run a small agricultural processing company in Huanggang. Not really a tech company.", VOCAB)
    assert "科技型企业" not in understood.entity and "中小企业" in understood.entity


def test_what_the_profile_buys_is_not_what_it_is():
    assert "科技型企业" not in read_profile("我在光谷上班,想贷款买辆新能源车,有没有补贴?", VOCAB).entity
    assert "科技型企业" in read_profile("我们是做新能源车零部件的公司,想贷款", VOCAB).entity


def test_one_saying_what_it_is_with_a_formal_wei_is_that_kind_not_its_target():
    # "本人为…合伙人", "我司为…": 为 says what the asker is, as 是 does
    assert "创投机构" in read_profile("本人为台湾一家私募股权基金的合伙人", VOCAB).entity
    assert "科技型中小企业" in read_profile("我司为一家做芯片设计的科技型中小企业，想贷款", VOCAB).entity
    assert "科技型企业" not in read_profile("我们是一家银行，想为科技企业提供贷款", VOCAB).entity


def test_a_firm_that_moved_or_an_investor_putting_money_in_is_where_it_went():
    assert read_profile("我哋公司由深圳搬咗總部去武漢光谷，做固態電池材料", VOCAB).place == "武汉"
    assert read_profile("本人是台湾投资人，想以个人身分投资武汉一家AI软件新创", VOCAB).place == "武汉"
    assert read_profile("I'm a Singapore angel investor looking to invest in Wuhan start-ups", VOCAB).place == "武汉"
    # where it used to be, or a place it merely deals with, is not where it is
    assert read_profile("我们是深圳的芯片公司，想去武汉看看政策", VOCAB).place == "深圳"


def test_the_platform_running_a_government_fund_gets_the_measures_naming_that_fund_as_actor():
    corpus = _corpus(_measure("wuhan/11", "11.支持并购重组。鼓励政府投资基金与上市公司合作设立并购基金。"),
                     _measure("wuhan/1", "1.支持创投。支持私募股权基金募资。"))
    understood = read_profile("我在市属国有投资平台负责政府投资基金的运作，想和上市公司设并购基金", VOCAB)
    assert {"政府投资基金", "国企", "创投机构"} <= set(understood.entity)
    assert _ids("我在市属国有投资平台负责政府投资基金的运作，想和上市公司设并购基金", corpus)[0] == "wuhan/11"
    # a private fund is no government fund: the measure naming the government's fund is not its own
    assert "wuhan/11" not in _ids("我们是私募股权基金管理人，想设并购基金", corpus)


def test_a_product_asked_for_by_the_name_the_plan_quotes_brings_its_measure_whoever_it_names():
    alumni = _measure("hubei/5", "5.打造人才港。探索建立高校校友金融服务站,探索“校友投”“校友贷”等特色金融模式。")
    common = [_measure(f"hubei/{n}", f"{n}.措施。支持“科技创新”发展。") for n in (6, 7, 8)]
    corpus = _corpus(alumni, *common)
    tagged = tag_measures(corpus, VOCAB)

    def named(profile):
        return [m.measure_id for m in named_by_the_profile(profile, read_profile(profile, VOCAB), tagged, VOCAB, set())]

    assert named("我们三个华科校友在光谷做AI初创,听说有校友贷,我们能申请吗") == ["hubei/5"]
    # a word the plans quote throughout is no name; a firm that says only that it is a firm does not qualify
    assert named("我们是做科技创新的初创企业,想申请贷款") == []
    assert named("我们是一家饭店,听说有校友贷,能不能办") == []


def test_an_acronym_the_plan_gives_in_brackets_is_a_name_the_profile_may_ask_for():
    qflp = _measure("wuhan/19", "19.推动开放合作。用好合格境外有限合伙人(QFLP)试点政策,拓宽科技型企业跨境融资渠道。")
    tagged = tag_measures(_corpus(qflp, _measure("wuhan/2", "2.拓宽资本来源。支持创业投资机构发行科技创新债券。")), VOCAB)
    profile = "我是香港的天使投资人，想用QFLP方式投武汉的硬科技初创"
    assert [m.measure_id for m in named_by_the_profile(profile, read_profile(profile, VOCAB), tagged, VOCAB, set())] \
        == ["wuhan/19"]


def test_the_askers_job_title_and_the_lists_and_counterparts_it_wants_are_not_what_it_is():
    understood = read_profile("我是武汉一家创投机构的投资总监，想问有没有科技型企业名单推荐，或者和高校院所对接的平台", VOCAB)
    assert understood.entity == ("创投机构",)
    # an investment a fund makes in the profile is where the money comes from, as before
    assert "创投机构" not in read_profile("我们刚拿到创投机构的投资，想了解贷款", VOCAB).entity


def test_a_bank_named_before_the_loan_it_would_give_is_no_kind_of_the_profile_and_a_loans_head_noun_is_no_need():
    understood = read_profile("We are a small tech company in Wuhan and would like a bank acquisition loan.", VOCAB)
    assert "银行" not in understood.entity
    # "acquisition loan" asks for M&A finance, not for loans at large
    banker = read_profile("I run a bank branch in Wuhan; what share of a deal can our acquisition loan cover?", VOCAB)
    assert banker.needs == ("并购",) and not banker.broad_needs


def test_a_fund_the_profile_would_put_money_into_is_not_what_it_is():
    understood = read_profile("我们是一家保险公司，总公司想用保险资金参与创投基金出资", VOCAB)
    assert "创投机构" not in understood.entity and "保险机构" in understood.entity
