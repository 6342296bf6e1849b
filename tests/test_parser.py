"""Rules of the clause parser, on the real corpus and on hand-made documents of the same shape."""

import re

import pytest

from assistant.corpus.load import load_corpus
from assistant.errors import CorpusError
from assistant.corpus.parse import parse_document
from assistant.language.text import cjk_bigrams, normalize, normalize_with_map, sentence_spans
from assistant.types import DocumentInfo

from conftest import CORPUS_DIR, SHARED_SOURCE

CONTRACT_IDS = (
    ["wuhan/preamble", "wuhan/goals"] + [f"wuhan/{n}" for n in range(1, 21)] + ["wuhan/safeguards"]
    + ["hubei/preamble", "hubei/goals"] + [f"hubei/{n}" for n in range(1, 26)] + ["hubei/safeguards"]
    + [f"hubei/annex-{n}" for n in range(1, 66)]
)


def _source(name):
    return (CORPUS_DIR / name).read_text(encoding="utf-8")


def test_corpus_yields_exactly_the_contract_ids_in_order(corpus):
    assert [u.id for u in corpus.units] == CONTRACT_IDS


def test_corpus_files_are_byte_identical_to_the_published_sources():
    for name in ("000_568b00b0e1e413d2.txt", "004_cb503ce98b21ad22.txt"):
        shared = SHARED_SOURCE / name
        if shared.exists():
            assert (CORPUS_DIR / name).read_bytes() == shared.read_bytes()


@pytest.mark.parametrize("unit_id, title, lead, responsible", [
    ("wuhan/1", "强化政府投资基金引导作用", (), ("市财政局", "市科技创新局", "市经信局", "武汉金控集团", "武汉投控集团")),
    ("wuhan/2", "拓宽科技创新长期资本来源", (),
     ("市委金融办", "市财政局", "市科技创新局", "市经信局", "武汉金控集团", "武汉投控集团", "各区人民政府")),
    ("wuhan/8", "创新推广科技信贷产品", (),
     ("市委金融办", "市科技创新局", "市经信局", "市财政局", "汉口银行", "武汉农商行", "武汉金控集团", "武汉投控集团")),
    ("wuhan/14", "高水平建设东湖科技保险创新示范区", (), ("东湖高新区管委会", "市委金融办", "市经信局", "市科技创新局")),
    ("wuhan/16", "强化政府性融资担保支持", (), ("市委金融办", "市科技创新局", "市财政局", "各区人民政府")),
    ("wuhan/safeguards", "保障措施", ("市委金融办", "市科技创新局"), ()),
    ("hubei/12", "创新科技金融产品模式", (), ()),
    ("hubei/annex-1", "加强与中央金融管理部门和金融机构总部对接沟通,争取国家科技金融政策和资源支持",
     ("省委金融办",), ("省科技厅", "人行湖北省分行", "湖北金融监管局", "湖北证监局")),
    ("hubei/annex-24", "持续优化科技人才贷、研发贷、中试贷、创业担保贷、共赢贷等金融产品,推广“301”线上信用快贷模式",
     ("人行湖北省分行",), ("省科技厅", "省人社厅", "省委金融办", "湖北金融监管局")),
    ("hubei/annex-36", "发挥行业主管部门作用,积极对接全国社保基金和集成电路产业基金、制造业转型升级基金等国家级基金,加大对我省科技创新投资力度",
     ("省财政厅", "省科技厅", "省人社厅", "省经信厅"), ()),
    ("hubei/annex-41", "提升创业投资基金、创业投资企业和天使投资人备案规范化水平,提高准入登记机构质量,清理未登记备案私募机构",
     ("省委金融办", "湖北证监局", "省市场监管局"), ()),
    ("hubei/annex-65", "完善科技金融风险监测预警、早期干预和应急处置机制,压实金融机构风险防控主体责任,严厉打击各类非法金融活动",
     ("省委金融办", "湖北金融监管局"), ("人行湖北省分行", "湖北证监局", "省公安厅")),
])
def test_units_have_their_titles_and_responsible_units(corpus, unit_id, title, lead, responsible):
    unit = corpus.unit(unit_id)
    assert unit.title == title
    assert unit.lead_units == lead
    assert unit.responsible_units == responsible


def test_wuhan_text_stays_in_traditional_script(corpus):
    assert "責任單位" in corpus.unit("wuhan/8").text
    assert "最高額度1000萬元" in corpus.unit("wuhan/8").text


def test_sections_are_metadata_of_the_units_under_them(corpus):
    assert corpus.unit("wuhan/8").section == ("二、主要任务", "(二)实施科技信贷提质行动")
    assert corpus.unit("hubei/12").section == ("一、强化武汉科技金融中心功能定位", "(三)系统优化科技金融生态")
    assert corpus.unit("hubei/annex-7").section == ("附件 高水平推进武汉科技金融中心建设任务分工表",)


def test_every_annex_row_links_to_the_measure_whose_text_it_restates(corpus):
    rows = [u for u in corpus.units if u.kind == "annex"]
    assert all(row.measure for row in rows)
    order = [u.id for u in corpus.units]
    previous = -1
    for row in rows:
        target = corpus.unit(row.measure)
        grams = set(cjk_bigrams(normalize(row.text)))
        shared = len(grams & set(cjk_bigrams(normalize(target.text)))) / len(grams)
        assert shared >= 0.6, (row.id, row.measure, shared)
        assert order.index(row.measure) >= previous, "annex links follow the plan's order"
        previous = order.index(row.measure)
    assert corpus.unit("hubei/annex-7").measure == "hubei/4"
    assert corpus.unit("hubei/annex-24").measure == "hubei/12"
    assert corpus.unit("hubei/annex-65").measure == "hubei/safeguards"


def test_no_unit_contains_page_numbers_or_site_footer(corpus):
    for unit in corpus.units:
        assert not re.search(r"—\s*\d+\s*—", unit.text), unit.id
        for marker in ("原文鏈接", "原文链接", "免責聲明", "免责声明", "TOP", "客服", "微信", "抄送"):
            assert marker not in unit.text, (unit.id, marker)


def test_no_line_break_inside_a_sentence(corpus):
    for unit in corpus.units:
        if unit.kind == "preamble":
            continue  # the notice keeps its header lines (title, number, issuers, date)
        assert "\n\n" not in unit.text
        for i, ch in enumerate(unit.text):
            if ch == "\n":
                assert unit.text[i - 1] in "。；;:：！？", (unit.id, unit.text[max(0, i - 10):i + 10])


def test_sentences_split_across_a_page_break_are_rejoined(corpus):
    assert "加强武汉科技金融资源整合规划，重点布局" in corpus.unit("hubei/4").text
    assert "做优东湖科技风险管理和保险创新实验室" in corpus.unit("hubei/7").text
    assert "依托省大数据能力平台、省中小企业融资信用平台" in corpus.unit("hubei/safeguards").text


def test_issuer_names_split_over_lines_are_rejoined(corpus):
    lines = corpus.unit("hubei/preamble").text.split("\n")
    for issuer in ("国家金融监督管理总局湖北监管局", "中国证券监督管理委员会湖北监管局", "湖北省人民政府国有资产监督管理委员会",
                   "湖北省发展和改革委员会"):
        assert issuer in lines
    assert "湖北监管局" not in lines


def test_unit_text_is_the_source_with_only_breaks_removed(corpus):
    for doc in corpus.documents:
        source = _source(doc.source_file)
        flat = re.sub(r"\s+", "", re.sub(r"(?m)^\s*—\s*\d+\s*—\s*$", "", source))
        for unit in (u for u in corpus.units if u.doc == doc.doc_id):
            if unit.kind == "annex":
                assert unit.text in source
                continue
            for line in unit.text.split("\n"):
                if unit.kind == "preamble" and line in ("国家金融监督管理总局湖北监管局", "中国证券监督管理委员会湖北监管局"):
                    continue  # rejoined from a two-column signature block
                assert re.sub(r"\s+", "", line) in flat, (unit.id, line[:30])


def test_quotes_cut_through_the_position_map_are_verbatim(corpus):
    wuhan_source = _source("000_568b00b0e1e413d2.txt")
    for unit in corpus.units:
        mapped = normalize_with_map(unit.text)
        for a, b in sentence_spans(mapped.text):
            quote = mapped.original(a, b)
            assert quote in unit.text
            if unit.doc == "wuhan" and unit.kind != "preamble":
                assert quote in wuhan_source, (unit.id, quote[:20])


SYNTHETIC = """各有关单位:
《某市科技金融试点方案》已经市人民政府同意,现印发给你们。
某市人民政府办公室
2025年9月1日
某市科技金融试点方案
为推进科技金融工作,制定本方案。
一、总体目标
到2027年,科技贷款余额突破100亿元。
二、重点任务
(一)信贷支持
1.推广信用贷款。为科技型企业发放最高额度500万元的信用贷款。(责任单位:市金融局、市科技局)
2.完善风险补偿。建立风险补偿资金池,规模达到
— 2 —
1亿元。(责任单位:市财政局)
(二)股权投资
3.设立天使基金。天使基金规模10亿元。(责任单位:市财政局、市国资委)
三、保障措施
由市金融局牵头建立推进机制。
附件:任务分工表
| 序号 | 工作事项 | 牵头单位 | 责任单位 |
|----|---|---|---|
| 1 | 推广信用贷款,为科技型企业发放信用贷款。 | 市金融局 | 市科技局 |
| 2 | 设立天使基金。 | 市财政局、市国资委按职责分工负责 | |

| | | | |
|----|---|---|---|
| 3 | 由市金融局牵头建立推进机制。 | 市金融局 | 各区 |
"""
INFO = DocumentInfo(doc_id="demo", title="某市科技金融试点方案", issuer="某市人民政府办公室", date="2025-09-01",
                    script="simplified", source_file="demo.txt")


def test_a_third_document_of_the_same_shape_parses():
    units = {u.id: u for u in parse_document(SYNTHETIC, INFO)}
    assert list(units) == ["demo/preamble", "demo/goals", "demo/1", "demo/2", "demo/3", "demo/safeguards",
                           "demo/annex-1", "demo/annex-2", "demo/annex-3"]
    assert units["demo/1"].responsible_units == ("市金融局", "市科技局")
    assert units["demo/2"].text.endswith("规模达到1亿元。(责任单位:市财政局)")
    assert units["demo/3"].section == ("二、重点任务", "(二)股权投资")
    assert units["demo/safeguards"].lead_units == ("市金融局",)
    assert units["demo/annex-2"].lead_units == ("市财政局", "市国资委")
    assert [units[f"demo/annex-{n}"].measure for n in (1, 2, 3)] == ["demo/1", "demo/3", "demo/safeguards"]


def test_a_third_document_dropped_into_a_corpus_folder_is_loaded(tmp_path):
    (tmp_path / "demo.txt").write_text(SYNTHETIC, encoding="utf-8")
    (tmp_path / "demo.meta.json").write_text(
        '{"doc_id": "demo", "title": "某市科技金融试点方案", "issuer": "某市人民政府办公室", "date": "2025-09-01",'
        ' "script": "simplified", "source_file": "demo.txt"}', encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert corpus.has("demo/annex-3") and len(corpus.units) == 9


@pytest.mark.parametrize("broken, reason", [
    (SYNTHETIC.replace("3.设立天使基金", "5.设立天使基金"), "item 5 where item 3 was expected"),
    (SYNTHETIC.replace("| 3 | 由市金融局", "| 7 | 由市金融局"), "annex row 7 where row 3 was expected"),
    ("各有关单位:\n这是一份没有结构的文件。\n", "no 一、 sections or numbered items"),
    ("", "the document is empty"),
    (SYNTHETIC.replace("| 序号 | 工作事项 | 牵头单位 | 责任单位 |\n", ""), "annex table row before any header row"),
])
def test_a_malformed_document_is_rejected_saying_where_and_why(broken, reason):
    with pytest.raises(CorpusError) as info:
        parse_document(broken, INFO)
    assert reason in str(info.value)
    assert "demo" in str(info.value)


def test_a_corpus_folder_without_documents_is_rejected(tmp_path):
    with pytest.raises(CorpusError, match="no documents"):
        load_corpus(tmp_path)
