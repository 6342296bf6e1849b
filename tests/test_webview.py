"""The web app's pure rendering and batch-file helpers (``webapp.view``)."""

from __future__ import annotations

import ast
import csv
import io
import json
from datetime import datetime, timezone
from html import escape as esc_html

import pytest

import assistant
from assistant import Answer, Citation, InputRejected, MatchResult, MeasureMatch, Turn, answer_records
from assistant.answer.eligibility import Understood, form_choices, vocabulary
from assistant.feedback import Feedback
from conftest import REPO
from webapp.chat import kept_exchanges
from webapp.view import (
    BATCH_CSV_COLUMNS, MAX_BATCH_QUESTIONS, Exchange, answer_copy_text, answer_text_html, batch_summary, bounded,
    cite_name, conversation_html, conversation_markdown, counter_html, feedback_rows, highlight_html, history_turns,
    local_time, markdown_text, match_csv, match_message_html, match_result_html, match_table_html,
    match_understood_html, next_number, parse_batch, quote_span, rejection_message, results_csv, results_jsonl,
    sources_html, task_choices, task_units_html, unit_roles_html,
)

WUHAN_8_QUOTE = "為科技型企業發放最長3年期、最高額度1000萬元的信用貸款"
ASKED = datetime(2025, 9, 1, 8, 5, tzinfo=timezone.utc)  # 16:05 in Beijing


def _answer(text="答复[1]。", ids=("wuhan/8",), refused=False):
    return Answer(text, tuple(Citation(i, WUHAN_8_QUOTE if i == "wuhan/8" else "") for i in ids), refused)


def test_the_web_app_uses_only_the_librarys_public_api():
    used: set[str] = set()
    for path in [REPO / "app.py", *sorted((REPO / "webapp").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "assistant":
                assert node.module == "assistant", f"{path.name} imports {node.module}"
                used |= {alias.name for alias in node.names}
            if isinstance(node, ast.Import):
                assert not [a.name for a in node.names if a.name.startswith("assistant.")], path.name
    assert used and used <= set(assistant.__all__)


# ---------------------------------------------------------------- conversation


def test_question_html_is_escaped(corpus):
    page = conversation_html([Exchange("<script>window.__xss=1</script>", _answer())], corpus)
    assert "<script>" not in page
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page


def test_attribute_breaking_question_is_escaped(corpus):
    page = conversation_html([Exchange('" onmouseover="alert(1)', notice="x")], corpus)
    assert '" onmouseover="' not in page
    assert "&quot; onmouseover=&quot;alert(1)" in page


def test_markdown_in_question_stays_text(corpus):
    page = conversation_html([Exchange("**粗体** [链接](javascript:alert(1))", _answer())], corpus)
    assert "**粗体** [链接](javascript:alert(1))" in page
    assert "<strong>" not in page and "<a " not in page


def test_markers_with_a_citation_become_chips_and_others_stay_text(corpus):
    html = answer_text_html(corpus, "甲[1]乙[2]丙[3]", (Citation("wuhan/8", "q"), Citation("hubei/4", "q")), turn=2)
    assert html.count('class="pt-chip pt-marker"') == 2
    assert 'data-unit="wuhan/8"' in html and 'data-unit="hubei/4"' in html
    assert 'data-turn="2"' in html
    assert html.endswith("丙[3]")


def test_a_marker_carries_the_readable_name_and_the_quote_it_previews(corpus):
    html = answer_text_html(corpus, "甲[1]", (Citation("wuhan/8", "最高<1000>萬元"),), turn=0)
    assert 'data-name="武汉方案第8条"' in html
    assert 'data-quote="最高&lt;1000&gt;万元"' in html, "escaped, and in the asker's (Simplified) script"
    assert 'aria-label="出处 1: 武汉方案第8条"' in html


def test_answer_text_around_chips_is_escaped(corpus):
    html = answer_text_html(corpus, "<b>粗</b>[1]&", (Citation("wuhan/8", "q"),), turn=0)
    assert html.startswith("&lt;b&gt;粗&lt;/b&gt;<button")
    assert html.endswith("</button>&amp;")


def test_refusal_is_set_apart_from_an_answer(corpus):
    refused = conversation_html([Exchange("天气如何?", _answer("两份方案都没有涉及这个问题。", (), True))], corpus)
    answered = conversation_html([Exchange("第8条?", _answer())], corpus)
    assert "pt-refused" in refused and "未找到依据" in refused
    assert "pt-refused" not in answered and "未找到依据" not in answered


def test_notice_has_no_feedback_buttons(corpus):
    page = conversation_html([Exchange("x" * 600, notice="问题过长")], corpus)
    assert "pt-notice" in page and "问题过长" in page
    assert "data-vote" not in page


def test_feedback_buttons_give_way_to_a_thank_you_after_a_vote(corpus):
    before = conversation_html([Exchange("第8条?", _answer())], corpus)
    after = conversation_html([Exchange("第8条?", _answer(), helpful=False)], corpus)
    assert before.count("data-vote") == 2
    assert "data-vote" not in after and "没帮助" in after


def test_cited_units_are_listed_under_the_answer_by_readable_name_with_the_id_in_a_tooltip(corpus):
    page = conversation_html([Exchange("第8条?", _answer("见[1]和[2]。", ("wuhan/8", "hubei/annex-7")))], corpus)
    assert '<span class="pt-chip-n">1</span>武汉方案第8条</button>' in page
    assert '<span class="pt-chip-n">2</span>湖北方案分工表第7项</button>' in page
    assert 'title="wuhan/8 · 创新推广科技信贷产品"' in page
    assert 'title="hubei/annex-7 · 组建湖北科技金融创新研究中心' in page


@pytest.mark.parametrize("unit_id, lang, name", [
    ("wuhan/8", "zh", "武汉方案第8条"),
    ("hubei/annex-44", "zh", "湖北方案分工表第44项"),
    ("hubei/3", "zh", "湖北方案第3条"),
    ("wuhan/goals", "zh", "武汉方案总体目标"),
    ("hubei/safeguards", "zh", "湖北方案保障措施"),
    ("wuhan/preamble", "zh", "武汉方案印发通知"),
    ("wuhan/8", "en", "Wuhan plan item 8"),
    ("hubei/annex-44", "en", "Hubei plan task table row 44"),
    ("hubei/annex-99", "zh", "hubei/annex-99"),
])
def test_units_are_named_as_people_cite_them(corpus, unit_id, lang, name):
    assert cite_name(corpus, unit_id, lang) == name


def test_the_conversation_speaks_the_page_language(corpus):
    page = conversation_html([Exchange("Who?", _answer(), asked_at=ASKED)], corpus, "en")
    assert '<div class="pt-role">You <time>16:05</time></div>' in page
    assert "Wuhan plan item 8</button>" in page and "Copy answer and sources" in page


def test_question_times_are_shown_in_beijing_time(corpus):
    page = conversation_html([Exchange("第8条?", _answer(), asked_at=ASKED)], corpus)
    assert '<div class="pt-role">您 <time>16:05</time></div>' in page


def test_history_turns_carry_cited_ids_and_skip_notices():
    exchanges = [Exchange("第8条谁负责?", _answer("市委金融办等[1]。", ("wuhan/8",))),
                 Exchange("", notice="问题为空"),
                 Exchange("那期限呢?", _answer("3年[1]。", ("wuhan/8",)))]
    assert history_turns(exchanges) == (
        Turn("user", "第8条谁负责?"), Turn("assistant", "市委金融办等[1]。", ("wuhan/8",)),
        Turn("user", "那期限呢?"), Turn("assistant", "3年[1]。", ("wuhan/8",)),
    )


def test_the_chat_keeps_as_many_exchanges_as_the_library_reads_back():
    assert kept_exchanges(20) == 10
    assert kept_exchanges(1) == 1
    exchanges = [Exchange(f"问{n}", _answer(), number=n) for n in range(1, 13)]
    kept = bounded(exchanges, 10)
    assert [e.number for e in kept] == list(range(3, 13))
    assert next_number(kept) == 13 and next_number([]) == 1


def test_dropped_exchanges_are_announced_and_numbers_kept(corpus):
    page = conversation_html([Exchange("问", _answer(), number=12)], corpus)
    assert "更早的 11 轮已不再显示" in page and 'data-last="12"' in page
    assert "更早的" not in conversation_html([Exchange("问", _answer(), number=1)], corpus)


def test_rejection_is_in_the_page_language():
    exc = InputRejected("问题过长(600字),请控制在500字以内。", english="The question is too long.")
    assert rejection_message(exc, "zh") == "问题过长(600字),请控制在500字以内。"
    assert rejection_message(exc, "en") == "The question is too long."


def test_counter_states_the_limit_and_a_message_at_the_box():
    html = counter_html("zh", 500, "问题过长(600字)")
    assert html.startswith('<div class="pt-status" role="alert">问题过长(600字)</div>')
    assert 'data-limit="500"' in html and "0 / 500 字" in html and "已超过 500 字上限" in html
    assert "pt-status" not in counter_html("en", 300) and "0 / 300 characters" in counter_html("en", 300)


# ---------------------------------------------------------------- copy and download


def test_a_copied_answer_carries_its_sources(corpus):
    text = answer_copy_text(_answer("最长3年[1]。"), corpus)
    assert text == ("最长3年[1]。\n\n依据:\n"
                    f"[1] 武汉方案第8条 (wuhan/8) 创新推广科技信贷产品: 「{WUHAN_8_QUOTE}」")


def test_the_conversation_downloads_as_markdown(corpus):
    exchanges = [Exchange("<b>第8条</b>?", _answer("最长3年[1]。"), number=1, asked_at=ASKED),
                 Exchange("x" * 600, notice="问题过长", number=2, asked_at=ASKED)]
    assert conversation_markdown(exchanges, corpus, now=ASKED) == "\n".join([
        "# 政策通对话记录", "", "导出时间:2025-09-01 16:05(北京时间)", "",
        "## 第1问 · 16:05", "", "**您:** \\<b\\>第8条\\</b\\>?", "", "**政策通:** 最长3年[1]。", "",
        "依据:", "", f"- [1] 武汉方案第8条 (wuhan/8) 创新推广科技信贷产品: 「{WUHAN_8_QUOTE}」", "",
        "## 第2问 · 16:05", "", "**您:** " + "x" * 600, "", "**提示:** 问题过长", ""])


def test_the_page_holds_the_markdown_and_its_file_name(corpus):
    page = conversation_html([Exchange("第8条?", _answer(), number=1, asked_at=ASKED)], corpus, now=ASKED)
    assert '<pre class="pt-markdown" hidden data-filename="政策通对话-20250901-1605.md"># 政策通对话记录' in page


def test_markdown_text_escapes_markup():
    assert markdown_text("<script>*a*_b_`c`\\") == "\\<script\\>\\*a\\*\\_b\\_\\`c\\`\\\\"


# ---------------------------------------------------------------- sources


def test_highlight_marks_the_verbatim_quote_and_escapes_the_rest():
    assert highlight_html("甲<乙>丙丁", "<乙>丙") == "甲<mark>&lt;乙&gt;丙</mark>丁"


def test_highlight_finds_a_quote_in_another_script_or_with_other_white_space():
    assert quote_span("推廣知識價值信用貸款模式", "知识价值信用贷款") == (2, 10)
    assert highlight_html("推廣知識價值信用貸款模式", "知识价值") == "推廣<mark>知識價值</mark>信用貸款模式"
    assert quote_span("到2027 年末", "2027年末") == (1, 8)


def test_highlight_without_a_match_only_escapes():
    assert highlight_html("<甲>", "乙") == "&lt;甲&gt;"
    assert highlight_html("<甲>", "") == "&lt;甲&gt;"


def test_source_panel_shows_document_section_title_units_and_highlight(corpus):
    panel = sources_html(corpus, [Citation("wuhan/8", WUHAN_8_QUOTE)], number=1)
    assert corpus.document("wuhan").title in panel
    assert "二、主要任务 › (二)实施科技信贷提质行动" in panel
    assert '<span class="pt-name" title="wuhan/8">武汉方案第8条</span> <b>创新推广科技信贷产品</b>' in panel
    assert f"<mark>{WUHAN_8_QUOTE}</mark>" in panel
    assert "<dt>责任单位</dt><dd>市委金融办、市科技创新局、市经信局、市财政局" in panel
    assert "第1问的依据(共1条)" in panel


def test_source_panel_opens_the_selected_unit_only(corpus):
    citations = [Citation("wuhan/8", WUHAN_8_QUOTE), Citation("hubei/4", "组建湖北科技金融创新研究中心")]
    panel = sources_html(corpus, citations, selected="hubei/4", number=2)
    assert panel.count("pt-selected") == 1
    assert '<details class="pt-source pt-selected" data-unit="hubei/4" open>' in panel
    assert '<details class="pt-source" data-unit="wuhan/8">' in panel


def test_source_panel_ignores_a_selection_that_was_not_cited(corpus):
    panel = sources_html(corpus, [Citation("wuhan/8", WUHAN_8_QUOTE)], selected="hubei/1")
    assert '<details class="pt-source pt-selected" data-unit="wuhan/8" open>' in panel


def test_source_panel_for_a_measure_lists_its_annex_rows(corpus):
    panel = sources_html(corpus, [Citation("hubei/4", "组建湖北科技金融创新研究中心")])
    assert ('<dt><span class="pt-name" title="hubei/annex-7">湖北方案分工表第7项</span></dt>'
            '<dd>牵头:省科技厅;责任:人行湖北省分行、湖北金融监管局、湖北证监局、省委金融办</dd>') in panel


def test_source_panel_for_an_annex_row_names_its_measure(corpus):
    panel = sources_html(corpus, [Citation("hubei/annex-7", "组建湖北科技金融创新研究中心")])
    assert "<dt>牵头单位</dt><dd>省科技厅</dd>" in panel
    assert ('<dt>对应措施</dt><dd><span class="pt-name" title="hubei/4">湖北方案第4条</span> 建设科技金融要素集聚区</dd>'
            in panel)


def test_source_panel_speaks_english(corpus):
    panel = sources_html(corpus, [Citation("hubei/annex-7", "组建")], number=3, lang="en")
    assert "Sources of answer 3 (1)" in panel and "<dt>Lead units</dt>" in panel and "Hubei plan item 4" in panel


# ---------------------------------------------------------------- unit directory


def test_task_choices_cover_tasks_with_units_only(corpus):
    ids = [unit_id for _, unit_id in task_choices(corpus)]
    assert {"wuhan/8", "hubei/annex-7", "hubei/4"} <= set(ids)
    assert "wuhan/preamble" not in ids and "wuhan/goals" not in ids
    assert ("武汉方案第8条 · 创新推广科技信贷产品", "wuhan/8") in task_choices(corpus)


def test_unit_roles_table_lists_each_task_with_its_id_and_role(corpus):
    leads = [corpus.unit("hubei/annex-7")]
    shares = [corpus.unit("wuhan/8"), corpus.unit("hubei/annex-1")]
    html = unit_roles_html(corpus, "省科技厅", leads + leads, shares + leads)  # a unit named twice counts once
    assert "<h3>省科技厅</h3>" in html and "作为牵头单位 1 项 · 作为责任单位 2 项" in html
    assert 'data-task="hubei/annex-7" title="hubei/annex-7">湖北方案分工表第7项</button>' in html
    assert 'data-task="wuhan/8"' in html
    assert html.index("武汉市行动方案") < html.index("湖北省工作方案")
    assert '<td class="pt-role-lead">牵头单位</td>' in html and '<td class="pt-role-share">责任单位</td>' in html


def test_task_view_of_a_measure_shows_the_units_of_its_rows(corpus):
    html = task_units_html(corpus, "hubei/4")
    assert "建设科技金融要素集聚区" in html and "hubei/annex-7" in html and "省科技厅" in html


def test_task_view_of_an_unknown_id_asks_for_a_choice(corpus):
    assert "请选择一项任务" in task_units_html(corpus, "<script>")


# ---------------------------------------------------------------- batch files


def _records(batch):
    return [json.loads(line) for line in batch.lines]


def test_csv_batch_becomes_contract_lines():
    batch = parse_batch("q.csv", "id,question\nq1,第8条谁负责?\nq2,\"含,逗号的问题\"\n".encode())
    assert _records(batch) == [{"id": "q1", "question": "第8条谁负责?"}, {"id": "q2", "question": "含,逗号的问题"}]
    assert batch.questions == ("第8条谁负责?", "含,逗号的问题")


def test_csv_batch_from_excel_with_bom_or_gbk_and_chinese_headers():
    utf8 = parse_batch("q.csv", "\ufeffid,question\nq1,知识价值信用贷款?\n".encode("utf-8"))
    gbk = parse_batch("Q.CSV", "编号,问题\nq1,知识价值信用贷款?\n".encode("gbk"))
    assert _records(utf8) == _records(gbk) == [{"id": "q1", "question": "知识价值信用贷款?"}]


def test_csv_bad_rows_stay_in_place_with_an_empty_question():
    text = "id,question\nq1,第8条?\n\nq2\nq3,\n,没有编号的问题\nq5,问题,带逗号\n"
    batch = parse_batch("q.csv", text.encode())
    assert _records(batch) == [
        {"id": "q1", "question": "第8条?"},
        {"id": "q2", "question": ""},
        {"id": "q3", "question": ""},
        {"id": "row-5", "question": "没有编号的问题"},
        {"id": "q5", "question": "问题,带逗号"},
    ]


def test_csv_without_a_question_column_is_rejected():
    with pytest.raises(InputRejected, match="question"):
        parse_batch("q.csv", "id,text\nq1,第8条?\n".encode())


def test_jsonl_batch_keeps_every_line_and_reads_questions():
    text = '{"id": "a", "question": "第8条?", "history": []}\n\nnot json\n{"id": "c"}\n'
    batch = parse_batch("q.jsonl", text.encode())
    assert batch.lines == ('{"id": "a", "question": "第8条?", "history": []}', "not json", '{"id": "c"}')
    assert batch.questions == ("第8条?", "", "")


@pytest.mark.parametrize("filename, data", [
    ("q.txt", b"id,question\nq1,x\n"),
    ("q.csv", b"id,question\n"),
    ("q.jsonl", b"\n\n"),
    ("q.csv", b"\xff\xfe\x00\xd8bad"),
])
def test_unusable_batch_files_are_rejected(filename, data):
    with pytest.raises(InputRejected):
        parse_batch(filename, data)


def test_batch_is_limited_in_size():
    rows = "".join(f"q{i},问题{i}\n" for i in range(MAX_BATCH_QUESTIONS + 1))
    with pytest.raises(InputRejected, match=str(MAX_BATCH_QUESTIONS)):
        parse_batch("q.csv", ("id,question\n" + rows).encode())


def test_bad_batch_rows_get_error_records_in_place():
    def ask(question, history):
        if not question.strip():
            raise InputRejected("问题为空")
        return Answer(f"答:{question}[1]", (Citation("wuhan/8", WUHAN_8_QUOTE),), False)

    batch = parse_batch("q.csv", "id,question\nq1,第8条?\nq2\nq3,\nq4,期限?\n".encode())
    records = list(answer_records(ask, batch.lines))
    assert [r["id"] for r in records] == ["q1", "q2", "q3", "q4"]
    assert ["error" in r for r in records] == [False, True, True, False]
    assert records[3]["answer"] == "答:期限?[1]"


def test_results_csv_puts_each_answer_beside_its_question_with_quotes():
    records = [
        {"id": "q1", "answer": "三年[1]。", "citations": [{"id": "wuhan/8", "quote": WUHAN_8_QUOTE}],
         "refused": False, "latency_ms": 3.5},
        {"id": "q2", "answer": "没有涉及。", "citations": [], "refused": True, "latency_ms": 1.0},
        {"id": "q3", "error": "问题为空", "line": 3},
    ]
    rows = list(csv.reader(io.StringIO(results_csv(records, ["期限?", "天气?", ""]))))
    assert tuple(rows[0]) == BATCH_CSV_COLUMNS
    assert rows[1] == ["q1", "期限?", "三年[1]。", "no", "wuhan/8", f"[1] wuhan/8: {WUHAN_8_QUOTE}", "", "3.5"]
    assert rows[2] == ["q2", "天气?", "没有涉及。", "yes", "", "", "", "1.0"]
    assert rows[3] == ["q3", "", "", "", "", "", "问题为空", ""]


def test_results_jsonl_is_one_contract_object_a_line():
    records = [{"id": "q1", "answer": "三年", "citations": [], "refused": False}, {"id": "q2", "error": "x"}]
    text = results_jsonl(records)
    assert text.endswith("\n") and "三年" in text
    assert [json.loads(line) for line in text.splitlines()] == records


def test_batch_summary_counts_answered_refused_and_failed():
    records = [{"refused": False}, {"refused": False}, {"refused": True}, {"error": "x"}]
    assert batch_summary(records) == "共 4 条:作答 2 条,拒答 1 条,出错 1 条。"


def test_feedback_rows_for_the_staff_table_in_beijing_time():
    item = Feedback(3, "2025-09-01T20:00:00+00:00", False, "不准确", "第8条?", "答[1]", False,
                    (Citation("wuhan/8", "q"), Citation("hubei/4", "q")))
    assert feedback_rows([item]) == [[3, "2025-09-02 04:00:00", "没帮助", "不准确", "第8条?",
                                      "wuhan/8 hubei/4", "答[1]"]]


def test_local_time_reads_utc_and_leaves_what_it_cannot_read():
    assert local_time(datetime(2025, 12, 31, 16, 30)) == "2026-01-01 00:30:00"  # naive means UTC
    assert local_time("2025-09-01T08:00:00+00:00", "%H:%M") == "16:00"
    assert local_time("yesterday") == "yesterday"


def test_the_source_panel_shows_a_clause_in_the_askers_script_with_the_original_a_click_away(corpus):
    from assistant import Citation
    from webapp import view

    quote = "為科技型企業發放最長3年期、最高額度1000萬元的信用貸款"
    simplified = view.sources_html(corpus, [Citation("wuhan/8", quote)], script="simplified")
    shown, original = simplified.split('class="pt-original"')
    assert "<mark>为科技型企业发放最长3年期、最高额度1000万元的信用贷款</mark>" in shown
    assert "<mark>為科技型企業發放最長3年期、最高額度1000萬元的信用貸款</mark>" in original
    traditional = view.sources_html(corpus, [Citation("wuhan/8", quote)], script="traditional")
    assert 'class="pt-original"' not in traditional, "a Traditional asker reads the Wuhan clause as published"


def test_the_askers_script_is_read_from_the_question():
    from webapp import view

    assert view.asker_script("知識價值信用貸款最長幾年?") == "traditional"
    assert view.asker_script("知识价值信用贷款最长几年?") == "simplified"
    assert view.asker_script("What is the cap?") == "simplified"


def test_a_markers_preview_quotes_in_the_askers_script(corpus):
    from assistant import Citation
    from webapp import view

    quote = "為科技型企業發放最長3年期、最高額度1000萬元的信用貸款"
    html = view.answer_text_html(corpus, "最高额度1000万元[1]。", [Citation("wuhan/8", quote)], 0)
    assert 'data-quote="为科技型企业发放最长3年期、最高额度1000万元的信用贷款"' in html


# ---------------------------------------------------------------- policy matching

CHOICES = form_choices(vocabulary())
UNDERSTOOD = Understood(("科技型中小企业", "科技型企业"), ("初创期",), ("信用贷款",), "武汉", ("无抵押",))
WUHAN_8 = MeasureMatch("wuhan/8", "创新推广科技信贷产品", "面向科技型企业的信用贷款", WUHAN_8_QUOTE,
                       ("最長3年期", "最高額度1000萬元"), ("市委金融办", "市科技创新局"))
HUBEI_21 = MeasureMatch("hubei/21", "激活数据增信价值", "面向科技型企业的信用贷款", "深化科技型企业知识价值信用贷款",
                        (), ("省科技厅",))


def _matched(*measures, understood=UNDERSTOOD):
    return MatchResult("", understood, measures)


def test_match_table_escapes_every_text_it_shows(corpus):
    hostile = MeasureMatch("wuhan/8", "<b>标题</b>", '"><script>window.__xss=1</script>', "<img src=x onerror=alert(1)>",
                           ("<i>1年</i>",), ("<u>市委金融办</u>",))
    html = match_table_html(_matched(hostile), corpus)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;标题&lt;/b&gt;" in html and "&quot;&gt;&lt;script&gt;" in html
    assert "「&lt;img src=x onerror=alert(1)&gt;」" in html and "&lt;u&gt;市委金融办&lt;/u&gt;" in html


def test_match_rows_name_measures_as_people_cite_them_with_a_box_to_tick(corpus):
    html = match_table_html(_matched(WUHAN_8, HUBEI_21), corpus)
    assert html.count("<tr data-unit=") == 2
    assert '<span class="pt-name" title="wuhan/8">武汉方案第8条</span> · 创新推广科技信贷产品' in html
    assert '<span class="pt-name" title="hubei/21">湖北方案第21条</span> · 激活数据增信价值' in html
    assert '<input type="checkbox" data-unit="wuhan/8" aria-label="加入我的清单:武汉方案第8条">' in html
    assert ">最長3年期; 最高額度1000萬元<" in html and ">市委金融办、市科技创新局<" in html
    assert [h.split("</th>")[0] for h in html.split('<th scope="col">')[1:]] == [
        "勾选", "措施", "支持内容", "条件/额度", "联系单位", "原文"]
    assert 'data-label="条件/额度"' in html, "each cell is labelled for the stacked cards on a phone"


def test_match_csv_opens_in_excel_with_the_columns_in_order(corpus):
    text = match_csv(_matched(WUHAN_8, HUBEI_21), corpus)
    assert text.startswith("\ufeff序号,")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [
        ["序号", "措施编号", "措施", "支持内容", "条件/额度", "联系单位", "原文"],
        ["1", "wuhan/8", "武汉方案第8条 · 创新推广科技信贷产品", "面向科技型企业的信用贷款", "最長3年期; 最高額度1000萬元",
         "市委金融办、市科技创新局", WUHAN_8_QUOTE],
        ["2", "hubei/21", "湖北方案第21条 · 激活数据增信价值", "面向科技型企业的信用贷款", "", "省科技厅",
         "深化科技型企业知识价值信用贷款"],
    ]
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_match_csv_speaks_the_page_language(corpus):
    rows = list(csv.reader(io.StringIO(match_csv(_matched(WUHAN_8), corpus, "en").lstrip("\ufeff"))))
    assert rows[0] == ["No.", "Measure id", "Measure", "What it offers", "Terms", "Contacts", "Quote"]
    assert rows[1][2] == "Wuhan plan item 8 · 创新推广科技信贷产品"


def test_the_match_page_holds_its_csv_for_the_download_and_a_print_button(corpus):
    html = match_result_html(_matched(WUHAN_8), corpus, CHOICES, now=ASKED)
    assert 'data-filename="政策匹配-20250901-1605.csv"' in html
    held = html.split('<pre class="pt-match-csv" hidden data-filename="政策匹配-20250901-1605.csv">')[1].split("</pre>")[0]
    assert held == esc_html(match_csv(_matched(WUHAN_8), corpus))
    assert ">下载CSV</button>" in html and ">打印</button>" in html
    printed = html.split('<div class="pt-match-print">')[1].split('<pre class="pt-match-csv"')[0]
    assert "匹配条件:" in printed and "<table" in printed and "2025-09-01 16:05" in printed
    assert "下载CSV" not in printed, "the buttons are not printed"


def test_an_empty_match_shows_its_note_and_neither_table_nor_buttons(corpus):
    understood = Understood(("企业",), (), ("贷款",), None, (), ("贷款",))
    result = _matched(understood=understood)
    html = match_result_html(result, corpus, CHOICES)
    assert f'<div class="pt-match-note" role="status">{result.note}</div>' in html
    assert result.note == "两份方案中没有面向该主体、提供所需支持的编号措施。"
    assert "<table" not in html and "下载CSV" not in html and "pt-match-csv" not in html


def test_what_a_match_rests_on_is_listed_in_the_page_language():
    zh = match_understood_html(UNDERSTOOD, CHOICES, "zh", "匹配条件:")
    assert "<dt>主体类型</dt><dd>科技型中小企业、科技型企业</dd>" in zh and "<dt>已有</dt><dd>无抵押</dd>" in zh
    assert "<dt>所在地</dt><dd>武汉</dd>" in zh and zh.startswith('<div class="pt-match-understood"><div class="pt-match-head">')
    en = match_understood_html(Understood((), (), (), None), CHOICES, "en")
    assert "<dt>Kind of entity</dt><dd>—</dd>" in en and "<dt>Needs</dt><dd>open</dd>" in en
    assert "technology-based SMEs, technology-based enterprises" in match_understood_html(UNDERSTOOD, CHOICES, "en")


def test_a_rejected_profile_is_an_escaped_alert_in_the_page_language():
    exc = InputRejected("描述过长<500>", english="Too long <500>")
    assert match_message_html(rejection_message(exc, "en")) == '<div class="pt-status" role="alert">Too long &lt;500&gt;</div>'
