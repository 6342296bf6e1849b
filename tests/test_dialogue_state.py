"""The dialogue state and what a follow-up leans on, as rules, on the tiny hand-made corpus of
conftest.py: literal histories of ``Turn``s, exact referents and exact answers."""

from __future__ import annotations

import pytest

from assistant.answer.phrases import PHRASES
from assistant.types import Turn
from assistant.understand.question import DialogueState, dialogue_state

ZH = PHRASES["zh"]

LOAN_AMOUNT = [Turn("user", "知识价值信用贷款最高额度是多少?"),
               Turn("assistant", "知识价值信用贷款:最高额度1000万元[1]。", ("wuhan/3",))]
TWO_LOANS = [Turn("user", "知识价值信用贷款最长几年?"),
             Turn("assistant", "知识价值信用贷款:最长3年期[1]。", ("wuhan/3",)),
             Turn("user", "并购贷款最长几年?"),
             Turn("assistant", "并购贷款:贷款期限最长可达10年[1]。", ("wuhan/4",))]


def is_question_back(answer, phrases) -> bool:
    """The reply is a question back: with likely candidates, or plainly when there are none."""
    return answer.text == phrases["ask_back_plain"] or (
        answer.text.startswith(phrases["ask_back"].split("{")[0]) and not answer.text.endswith("：。"))


def cited(answer) -> list[str]:
    return [c.unit_id for c in answer.citations]


def lines(answer) -> list[str]:
    return answer.text.split("\n")


# dialogue_state()


def test_no_history_leaves_an_empty_state(tiny_corpus):
    assert dialogue_state((), tiny_corpus) == DialogueState()


def test_the_state_holds_the_latest_user_and_assistant_turns_passing_over_blank_ones(tiny_corpus):
    history = [Turn("user", "武汉方案第3条由谁负责?"), Turn("assistant", "责任单位是市委金融办等[1]。", ("wuhan/3",)),
               Turn("user", "那期限呢?"), Turn("assistant", "  ")]
    state = dialogue_state(history, tiny_corpus)
    assert state.last_user == Turn("user", "那期限呢?")
    assert state.last_assistant == Turn("assistant", "责任单位是市委金融办等[1]。", ("wuhan/3",))
    assert state.last_cited == ("wuhan/3",)


def test_the_last_cited_clauses_are_those_the_last_reply_cited(tiny_corpus):
    history = [Turn("user", "省委金融办牵头哪些工作?"),
               Turn("assistant", "省委金融办牵头分工表第2项和第4项[1][2]。", ("hubei/annex-2", "hubei/annex-4"))]
    assert dialogue_state(history, tiny_corpus).last_cited == ("hubei/annex-2", "hubei/annex-4")


def test_a_reply_citing_nothing_cites_the_items_it_names_by_number(tiny_corpus):
    history = [Turn("user", "知识价值信用贷款在哪一条?"), Turn("assistant", "见武汉方案第3条。")]
    assert dialogue_state(history, tiny_corpus).last_cited == ("wuhan/3",)


def test_an_item_number_both_plans_have_is_read_in_the_one_plan_talked_of(tiny_corpus):
    about_wuhan = [Turn("user", "武汉方案讲了哪些基金?"), Turn("assistant", "见第1条。")]
    about_both = [Turn("user", "武汉和湖北的方案各讲了什么?"), Turn("assistant", "见第1条。")]
    assert dialogue_state(about_wuhan, tiny_corpus).last_cited == ("wuhan/1",)
    assert dialogue_state(about_both, tiny_corpus).last_cited == ("wuhan/1", "hubei/1")


def test_the_plans_talked_of_are_read_from_both_sides_of_the_history(tiny_corpus):
    history = [Turn("user", "省里的方案怎么推进?"), Turn("assistant", "武汉方案由市委金融办牵头。")]
    assert dialogue_state(history, tiny_corpus).talked_of == ("hubei", "wuhan")
    assert dialogue_state(history[:1], tiny_corpus).talked_of == ("hubei",)


def test_a_bare_row_number_keeps_the_plan_and_table_of_the_row_before(tiny_corpus, tiny_assistant):
    history = [Turn("user", "湖北方案分工表第1项谁牵头?"), Turn("assistant", "牵头单位是武汉市[1]。", ("hubei/annex-1",)),
               Turn("user", "第2项呢?"), Turn("assistant", "牵头单位是省科技厅、省委金融办[1]。", ("hubei/annex-2",))]
    assert dialogue_state(history[:1], tiny_corpus).current == ("hubei/annex-1",)
    assert dialogue_state(history, tiny_corpus).current == ("hubei/annex-2",)
    assert tiny_assistant.understand("第2项呢?", history[:2]).references == ("hubei/annex-2",)


# a pronoun standing for a government unit


def test_a_pronoun_asking_what_a_unit_leads_stands_for_the_unit_the_asker_named(tiny_assistant):
    history = [Turn("user", "省科技厅负责哪些任务?"),
               Turn("assistant", "省委金融办与省科技厅共同牵头分工表第2项[1]。", ("hubei/annex-2",))]
    q = tiny_assistant.understand("它牵头的有哪些?", history)  # the asker's unit, not the reply's first
    assert (q.units_named, q.intent, q.followup) == (("省科技厅",), "unit_lookup", True)
    answer = tiny_assistant.ask("它牵头的有哪些?", history)
    assert lines(answer)[0] == (
        "省科技厅在《湖北省工作方案》中牵头:"
        "任务分工表第2项(建立科技金融专家库和科技金融人才库)[1](与省委金融办共同牵头);"
        "任务分工表第3项(深化科技型企业知识价值信用贷款改革)[2];"
        "任务分工表第4项(建立武汉科技金融中心省级层面统筹推进机制,形成上下协同的工作合力)[3](与省委金融办共同牵头)。")
    assert cited(answer) == ["hubei/annex-2", "hubei/annex-3", "hubei/annex-4"]


def test_a_pronoun_asking_what_a_unit_leads_stands_for_the_first_unit_the_reply_named_when_the_asker_named_none(
        tiny_assistant):
    history = [Turn("user", "专家库这一项由谁牵头?"),
               Turn("assistant", "《湖北省工作方案》任务分工表第2项「建立科技金融专家库和科技金融人才库」:"
                                 "牵头单位是省科技厅、省委金融办;责任单位是省人社厅[1]。", ("hubei/annex-2",))]
    assert tiny_assistant.understand("它牵头的有哪些?", history).units_named == ("省科技厅",)


def test_a_pronoun_asking_what_a_unit_leads_reaches_back_to_the_exchange_before_when_the_latest_names_none(
        tiny_assistant):
    history = [Turn("user", "省教育厅参与哪些任务?"), Turn("assistant", "分工表第1项[1]。", ("hubei/annex-1",)),
               Turn("user", "校友贷是什么?"), Turn("assistant", "探索特色金融模式[1]。", ("hubei/annex-1",))]
    assert tiny_assistant.understand("它牵头的有哪些?", history).units_named == ("省教育厅",)


def test_a_plans_name_in_the_reply_is_no_unit_a_pronoun_can_stand_for(tiny_assistant):
    history = [Turn("user", "武汉方案第3条由谁负责?"),
               Turn("assistant", "《武汉市行动方案》第3条(创新推广科技信贷产品)的责任单位是:市委金融办、市科技创新局、"
                                 "汉口银行[1]。", ("wuhan/3",))]
    assert tiny_assistant.understand("它牵头的有哪些?", history).units_named == ("市委金融办",)


def test_the_units_a_question_names_are_in_the_order_it_names_them(tiny_assistant):
    assert tiny_assistant.understand("省委金融办和省科技厅分别牵头哪些?").units_named == ("省委金融办", "省科技厅")
    assert tiny_assistant.understand("省科技厅和省委金融办分别牵头哪些?").units_named == ("省科技厅", "省委金融办")


# follow-ups on the clause discussed


def test_an_aspect_follow_up_is_anchored_to_the_clause_just_discussed(tiny_assistant, tiny_corpus):
    q = tiny_assistant.understand("那期限呢?", LOAN_AMOUNT)
    assert (q.followup, q.anchor, q.names) == (True, ("wuhan/3",), ("知识价值信用贷款",))
    answer = tiny_assistant.ask("那期限呢?", LOAN_AMOUNT)
    assert cited(answer) == ["wuhan/3"] and not answer.refused
    assert "最长3年期" in lines(answer)[0]


def test_a_follow_up_naming_a_new_subject_carries_the_ask_not_the_everyday_name_of_the_old_one(tiny_assistant):
    # "知识价值贷" is the lexicon's everyday word for 知识价值信用贷款: a name, set aside like the name itself
    history = [Turn("user", "知识价值贷最多能贷多少?"), Turn("assistant", "最高额度1000万元[1]。", ("wuhan/3",))]
    q = tiny_assistant.understand("并购贷款呢?", history)
    assert "知识价值" not in q.resolved and "最多" in q.resolved


def test_an_aspect_follow_up_leads_with_only_the_aspect_it_asks(tiny_assistant):
    answer = tiny_assistant.ask("那期限呢?", LOAN_AMOUNT)
    assert lines(answer)[0] == "知识价值信用贷款:最长3年期[1]。"


def test_the_former_and_the_latter_pick_the_first_and_last_of_the_two_listed_and_own_what_follows(tiny_assistant):
    history = [Turn("user", "武汉方案第1条说的是哪两类基金?"), Turn("assistant", "两类:种子基金、天使基金。")]
    assert tiny_assistant.understand("后一类的出资比例是多少?", history).item == "天使基金"
    assert tiny_assistant.understand("后者的出资比例是多少?", history).item == "天使基金"
    assert tiny_assistant.understand("前者的出资比例是多少?", history).item == "种子基金"
    assert tiny_assistant.understand("the latter?", history).item == "天使基金"


def test_the_one_of_a_plan_points_back_at_what_was_discussed_where_the_plan_alone_asks_anew(tiny_assistant):
    history = [Turn("user", "I'm looking at credit loans."),
               Turn("assistant", "Both plans cover them: Wuhan item 3 and Hubei measure 2.")]
    assert tiny_assistant.understand("What does the Hubei one say about data?", history).followup
    assert not tiny_assistant.understand("What does Hubei say about data?", history).followup


def test_a_comparison_naming_what_it_compares_sets_those_exchanges_side_by_side_not_the_last_two(tiny_assistant):
    from assistant.service import Assistant

    history = [Turn("user", "武汉股权投资基金规模目标多少?"), Turn("assistant", "突破3000亿元。"),
               Turn("user", "贷款余额呢?"), Turn("assistant", "突破5000亿元。"),
               Turn("user", "专营机构数量呢?"), Turn("assistant", "50家以上。")]
    asked = [0, 2, 4]
    named = tiny_assistant.understand("刚才说的基金规模和贷款余额哪个大?")
    assert Assistant._exchanges_compared(named, history, asked) == [0, 2]
    # naming nothing of its own, the last two exchanges are compared
    assert Assistant._exchanges_compared(tiny_assistant.understand("这俩哪个大?"), history, asked) == [2, 4]


def test_an_ordinal_picks_among_the_rows_the_asker_discussed_in_the_order_asked(tiny_assistant):
    history = [Turn("user", "湖北方案分工表第1项谁牵头?"), Turn("assistant", "牵头单位是武汉市[1]。", ("hubei/annex-1",)),
               Turn("user", "分工表第2项呢?"), Turn("assistant", "牵头单位是省科技厅、省委金融办[1]。", ("hubei/annex-2",))]
    first = tiny_assistant.understand("第一个的责任单位是哪些?", history)
    second = tiny_assistant.understand("第二个的责任单位是哪些?", history)
    assert (first.references, second.references) == (("hubei/annex-1",), ("hubei/annex-2",))
    answer = tiny_assistant.ask("第一个的责任单位是哪些?", history)
    assert answer.text == ("《湖北省工作方案》任务分工表第1项「依托武汉科技金融服务中心，探索“校友贷”“校友投”等特色金融模式」:"
                           "牵头单位是武汉市;责任单位是省委金融办、省教育厅[1]。")


def test_a_step_moves_to_the_next_or_previous_item_of_the_plan(tiny_assistant):
    assert tiny_assistant.understand("下一条呢?", LOAN_AMOUNT).references == ("wuhan/4",)
    assert tiny_assistant.understand("上一条呢?", LOAN_AMOUNT).references == ("wuhan/2",)
    answer = tiny_assistant.ask("下一条呢?", LOAN_AMOUNT)
    assert cited(answer) == ["wuhan/4"]
    assert answer.text.startswith("《武汉市行动方案》第4条讲的是支持科技型企业并购重组:")


def test_a_step_past_the_last_row_of_the_table_finds_nothing_to_step_to(tiny_assistant):
    history = [Turn("user", "湖北方案分工表第4项"), Turn("assistant", "……[1]", ("hubei/annex-4",))]
    assert tiny_assistant.understand("下一项呢?", history).references == ()


# switching plan or topic


def test_a_plan_switch_is_answered_from_the_other_plans_clause_on_the_same_subject(tiny_assistant, tiny_corpus):
    history = [Turn("user", "武汉方案对知识价值信用贷款怎么规定?"),
               Turn("assistant", "推广科技型企业知识价值信用贷款模式[1]。", ("wuhan/3",))]
    q = tiny_assistant.understand("那省里呢?", history)
    assert (q.docs, q.followup, q.names) == (("hubei",), True, ("知识价值信用贷款",))
    answer = tiny_assistant.ask("那省里呢?", history)
    assert lines(answer) == [
        "知识价值信用贷款:深化科技型企业知识价值信用贷款改革[1]。",
        "《湖北省工作方案》任务分工表第3项:「深化科技型企业知识价值信用贷款改革。」[1]",
        "牵头单位:省科技厅;责任单位:省委金融办、人行湖北省分行[1]。",
    ]
    assert cited(answer) == ["hubei/annex-3"]


def test_a_plan_switch_to_a_plan_without_the_subject_is_refused_not_answered_from_the_first_plan(tiny_assistant):
    history = [Turn("user", "武汉方案里并购贷款的比例最高多少?"),
               Turn("assistant", "并购贷款:贷款占并购交易额比例最高可达到80%[1]。", ("wuhan/4",))]
    answer = tiny_assistant.ask("那省里呢？", history)
    assert answer.refused and answer.citations == ()
    assert answer.text == "《湖北省工作方案》没有涉及并购贷款方面的内容,我无法据此回答。"


def test_a_question_naming_a_new_subject_carries_nothing_over(tiny_assistant):
    q = tiny_assistant.understand("校友贷是什么?", LOAN_AMOUNT)
    assert (q.followup, q.anchor, q.prior_units, q.resolved, q.names) == (False, (), (), "校友贷是什么?", ("校友贷",))
    assert cited(tiny_assistant.ask("校友贷是什么?", LOAN_AMOUNT)) == ["hubei/annex-1"]


@pytest.mark.xfail(strict=True, reason="a short question (<= 12 characters) with a question word of its own is read as "
                                       "asking anew about the earlier subject: 专家库由谁牵头? after a turn on 知识价值"
                                       "信用贷款 is anchored to wuhan/3 and answered with its responsible units. Also on "
                                       "the real corpus (wuhan/8 instead of hubei/annex-9).")
def test_a_short_question_naming_a_subject_of_its_own_is_not_anchored_to_the_clause_before(tiny_assistant):
    q = tiny_assistant.understand("专家库由谁牵头?", LOAN_AMOUNT)
    assert q.anchor == ()
    assert cited(tiny_assistant.ask("专家库由谁牵头?", LOAN_AMOUNT)) == ["hubei/annex-2"]


def test_one_plan_asked_whether_it_has_something_for_a_comparison_the_asker_will_make_is_asked_of_that_plan(
        tiny_assistant):
    history = [Turn("user", "湖北方案里校友贷是什么?"), Turn("assistant", "探索“校友贷”“校友投”等特色金融模式。")]
    question = "那武汉方案有没有类似的校友贷?我想两边对比下,没有就直说"
    assert tiny_assistant.understand(question, history).intent != "comparison"
    answer = tiny_assistant.ask(question, history)
    assert answer.refused and answer.citations == () and "校友" in answer.text


def test_one_plan_asked_for_a_figure_the_asker_will_compare_is_set_beside_the_other(tiny_assistant):
    history = [Turn("user", "武汉方案里并购贷款的比例最高多少?"), Turn("assistant", "最高可达到80%。", ("wuhan/4",))]
    assert tiny_assistant.understand("省里那份有没有写并购贷款的比例?我要说明两者差异", history).intent == "comparison"


def test_an_english_plan_switch_whose_subject_the_plan_holds_only_in_scattered_words_is_refused(offline_assistant):
    history = [Turn("user", "What does the Hubei plan say about the carbon registry platform?"),
               Turn("assistant", "Measure 13 of the Hubei plan gives full play to the 中碳登 platform.")]
    answer = offline_assistant.ask("Is there anything comparable in the Wuhan city plan — carbon accounts, green loans?",
                                   history)
    assert answer.refused and answer.citations == ()
    # "responsible" asks, as 负责 does: it is no subject the provincial plan could lack
    loan = [Turn("user", "What's the cap on a knowledge-value credit loan in Wuhan?"),
            Turn("assistant", "Up to 1000万元 for up to 3 years (Wuhan plan, task 8).")]
    assert not offline_assistant.ask("And who's responsible for it at the provincial level?", loan).refused


def test_an_english_plan_switch_asking_for_an_equivalent_is_refused_naming_what_it_asks(offline_assistant):
    history = [Turn("user", "From a governance angle — what does the Hubei plan say about financial risk?"),
               Turn("assistant", "In its safeguards section (三、切实强化服务保障) the Hubei plan calls for improving risk "
                                 "monitoring and early warning in sci-tech finance.")]
    answer = offline_assistant.ask("does the Wuhan city plan have an equivalent risk early-warning / illegal finance "
                                   "piece?", history)
    assert answer.refused and answer.citations == ()
    assert "非法金融" in answer.text and "切实强化服务保障" not in answer.text  # its own words, not the turn before's


# setting the two things discussed side by side


def test_comparing_the_two_things_discussed_sets_their_leads_side_by_side(tiny_assistant, tiny_corpus):
    answer = tiny_assistant.ask("这俩期限哪个长?", TWO_LOANS)
    # the leads say what is set side by side: no opening before them
    assert lines(answer)[:2] == ["知识价值信用贷款:最长3年期[1]。", "并购贷款:贷款期限最长可达10年[2]。"]
    assert cited(answer) == ["wuhan/3", "wuhan/4"] and not answer.refused
    assert all(c.quote in tiny_corpus.unit(c.unit_id).text for c in answer.citations)


def test_two_things_discussed_are_those_the_replies_numbered_when_asking_again_finds_one(tiny_assistant):
    # "还有一个呢?", asked again, comes back to 第3条; the reply said it was about 第4条
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "武汉方案第3条:最长3年期。"),
               Turn("user", "还有一个呢?"), Turn("assistant", "第4条:贷款期限最长可达10年。")]
    assert cited(tiny_assistant.ask("这俩期限哪个长?", history)) == ["wuhan/3", "wuhan/4"]


def test_two_plans_compared_after_a_switch_are_the_clauses_each_reply_named(tiny_assistant):
    # asked again, "省里呢?" comes to another clause than the one its reply named (湖北方案第2条)
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "武汉方案第3条:最长3年期。"),
               Turn("user", "省里呢?"), Turn("assistant", "湖北方案第2条:激活数据增信价值。")]
    assert cited(tiny_assistant.ask("两份的讲法比较一下", history)) == ["wuhan/3", "hubei/2"]


def test_a_reply_numbering_a_clause_numbers_it_in_the_plan_its_exchange_asked_of(tiny_assistant):
    # both plans named in the conversation: "第2条" answering "湖北方案呢?" is Hubei's 第2条
    history = [Turn("user", "武汉方案里知识价值信用贷款怎么说?"), Turn("assistant", "第3条:最长3年期。"),
               Turn("user", "湖北方案呢?"), Turn("assistant", "第2条:激活数据增信价值。")]
    assert cited(tiny_assistant.ask("这两个有什么区别", history)) == ["wuhan/3", "hubei/2"]


def test_comparing_a_kind_of_figure_the_exchanges_did_not_ask_leads_with_that_figure(tiny_assistant):
    # the first exchange asked the term; compared by amount, its lead says the amount its evidence states
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "知识价值信用贷款:最长3年期[1]。", ("wuhan/3",)),
               Turn("user", "并购贷款比例多少?"), Turn("assistant", "贷款占并购交易额比例最高可达到80%[1]。", ("wuhan/4",))]
    answer = tiny_assistant.ask("这俩额度哪个高?", history)
    assert cited(answer)[:2] == ["wuhan/3", "wuhan/4"] and "1000万元" in lines(answer)[0]


def test_comparing_an_aspect_of_the_two_things_discussed_asks_that_aspect_of_each(tiny_assistant):
    answer = tiny_assistant.ask("这两个各自谁负责?", TWO_LOANS)
    assert lines(answer)[:2] == [
        "《武汉市行动方案》第3条(创新推广科技信贷产品)的责任单位是:市委金融办、市科技创新局、汉口银行[1]。(该方案只列责任单位,未区分牵头单位。)",
        "《武汉市行动方案》第4条(支持科技型企业并购重组)的责任单位是:市委金融办、市政府国资委[2]。(该方案只列责任单位,未区分牵头单位。)",
    ]
    assert cited(answer) == ["wuhan/3", "wuhan/4"]


def test_an_asker_remembering_another_figure_has_the_figure_said_checked_against_the_clause(offline_assistant):
    # 20% is a figure of another clause (第1条); the exchange was about 第4条, which says 10%
    history = [Turn("user", "种子基金、天使基金的退出项目谁来接?"),
               Turn("assistant", "武汉方案第4条:政府投资基金出资的创业投资基金、产业基金,每年可将不超过20%的新增投资用于承接退出项目。")]
    answer = offline_assistant.ask("是20%?我记得没这么多,再核对下", history)
    assert cited(answer)[0] == "wuhan/4" and "10%" in lines(answer)[0] and "不符" in lines(answer)[0]


# one reply naming two clauses: "湖北方案第1条…;第2条…"
TWO_CLAUSES_OF_ONE_PLAN = [Turn("user", "湖北方案里有哪两条讲人才和数据?"),
                           Turn("assistant", "湖北方案第1条打造科技金融人才港;第2条激活数据增信价值。")]


def test_comparing_the_two_clauses_one_reply_named_sets_each_clause_side_by_side(tiny_assistant):
    answer = tiny_assistant.ask("这两个分别主打什么,帮我对比一下", TWO_CLAUSES_OF_ONE_PLAN)
    assert cited(answer) == ["hubei/1", "hubei/2"]
    assert lines(answer)[0].startswith("对照:《湖北方案》第1条[1]:") and "《湖北方案》第2条[2]:" in lines(answer)[0]
    assert lines(answer)[1] == ZH["comparison_open_one_plan"]


def test_two_plans_compared_after_a_reply_on_one_plans_two_clauses_are_the_plans_not_the_clauses(tiny_assistant):
    # "两边" sets the plans side by side: two clauses of one plan are no answer to it
    answer = tiny_assistant.ask("两边对比一下知识价值信用贷款", TWO_CLAUSES_OF_ONE_PLAN)
    assert {c.split("/")[0] for c in cited(answer)} == {"wuhan", "hubei"}


@pytest.mark.parametrize("question", ["武汉方案里也有吗", "Is that in the Wuhan plan too?"])
def test_asked_whether_the_other_plan_has_the_thing_discussed_it_is_told_no_when_that_plan_never_names_it(
        offline_assistant, question):
    history = [Turn("user", "鄂创融是什么工具?"),
               Turn("assistant", "湖北方案第12条:延续实施“鄂创融”专项工具,单列100亿元再贷款、再贴现额度。")]
    answer = offline_assistant.ask(question, history)
    assert answer.refused and answer.citations == () and "鄂创融" in answer.text


def test_a_comparison_naming_a_subject_not_discussed_is_not_a_comparison_of_the_things_discussed(tiny_assistant):
    question = "校友贷和这两个比哪个长?"
    assert tiny_assistant._compare_discussed(question, TWO_LOANS) is None
    answer = tiny_assistant.ask(question, TWO_LOANS)
    assert not answer.text.startswith(ZH["compare_discussed"]) and cited(answer) == ["hubei/annex-1"]


def test_comparing_after_a_switch_of_plan_sets_the_other_plans_clause_against_the_switched_to_one(tiny_assistant):
    # the first question named no plan and was answered from Hubei's clause; "湖北方案呢?" switched to
    # Hubei, so the first exchange was about the other plan
    history = [Turn("user", "知识价值信用贷款改革怎么说?"), Turn("assistant", "深化科技型企业知识价值信用贷款改革。"),
               Turn("user", "湖北方案呢?"), Turn("assistant", "湖北方案第2条:深化知识价值信用贷款改革。")]
    first = tiny_assistant.ask("知识价值信用贷款改革怎么说?")
    assert cited(first) == ["hubei/annex-3"]
    answer = tiny_assistant.ask("两边有什么不同?", history)
    assert lines(answer)[0].startswith("知识价值信用贷款:") and cited(answer)[0] == "wuhan/3"


def test_a_word_the_documents_use_that_names_nothing_discussed_says_what_to_compare_not_what(tiny_assistant):
    # 专营 is in the documents (科技金融专营机构) but names no product, clause or unit discussed
    answer = tiny_assistant.ask("这两个在专营方面有什么区别?", TWO_LOANS)
    assert cited(answer) == ["wuhan/3", "wuhan/4"]


def test_setting_the_other_plan_against_the_one_both_turns_were_on_compares_the_plans_not_the_turns(tiny_assistant):
    # both exchanges were about Wuhan's clauses; the question names Hubei's plan against Wuhan's
    assert tiny_assistant._compare_discussed("湖北方案跟武汉比有啥不同?", TWO_LOANS) is None
    assert tiny_assistant._compare_discussed("这俩有啥不同?", TWO_LOANS) is not None
    # "两份文件": both plans named together, after two turns on Wuhan's plan
    assert tiny_assistant._compare_discussed("那两份文件在这方面的规定,对比着说一下", TWO_LOANS) is None


def test_clauses_each_numbered_with_their_plan_are_kept_after_a_turn_on_one_plan(tiny_assistant):
    # "第1条" both plans have is read in the plan talked of; numbers bound to their plans are not
    assert tiny_assistant.understand("第1条呢?", TWO_LOANS).references == ("wuhan/1",)
    question = "武汉第3条和湖北第2条有什么不同?"
    assert tiny_assistant.understand(question, TWO_LOANS).references == ("wuhan/3", "hubei/2")
    answer = tiny_assistant.ask(question, TWO_LOANS)
    assert cited(answer) == ["wuhan/3", "hubei/2"] and not answer.refused


def test_a_question_with_no_subject_of_its_own_leans_on_the_conversation_without_a_cue(tiny_assistant):
    history = [Turn("user", "并购贷款最长几年?"), Turn("assistant", "并购贷款:贷款期限最长可达10年。", ("wuhan/4",))]
    question = "两份方案里面支持企业的东西具体都有哪些?"  # no pronoun, no elliptical ending, not short
    assert not tiny_assistant.understand(question, history).followup
    # alone, its general words (支持, 企业) find the credit loan too; in the conversation it is about M&A
    assert "wuhan/3" in cited(tiny_assistant.ask(question))
    assert "wuhan/3" not in cited(tiny_assistant.ask(question, history))


def test_checking_what_was_said_of_one_plan_reaches_back_to_the_exchange_on_that_plan(tiny_assistant):
    history = [Turn("user", "武汉方案哪天印发的"), Turn("assistant", "2025年6月7日印发。"),
               Turn("user", "湖北的呢"), Turn("assistant", "2025年8月14日印发。")]
    # the figure claimed (6月17号) was said by no reply: the plan it names says which exchange is checked
    assert cited(tiny_assistant.ask("你刚才说武汉那个是6月17号对吧", history))[:1] == ["wuhan/preamble"]


def test_saying_you_just_said_checks_the_exchange_even_when_the_figure_was_never_said(tiny_assistant):
    history = [Turn("user", "并购贷款最长几年?"), Turn("assistant", "并购贷款:贷款期限最长可达10年。", ("wuhan/4",))]
    q = tiny_assistant.understand("你刚说的是最长8年吧?我们财务说是8年", history)
    assert q.followup and q.prior_units == ("wuhan/4",)


def test_a_pointer_at_nothing_is_asked_back_even_when_it_asks_for_a_judgement(tiny_assistant):
    answer = tiny_assistant.ask("跟上面那个比,哪个力度更大?")
    assert is_question_back(answer, ZH) and not answer.refused and answer.citations == ()


def test_the_last_one_is_an_ordinal_not_a_step_to_the_next_clause(tiny_assistant):
    history = [Turn("user", "想问三个点:①并购贷款比例;②知识价值信用贷款期限;③校友贷是什么。先回答①"),
               Turn("assistant", "贷款占并购交易额比例最高可达到80%。", ("wuhan/4",)), Turn("user", "②呢"),
               Turn("assistant", "知识价值信用贷款:最长3年期,最高额度1000万元,政府按一定比例予以风险补偿。", ("wuhan/3",))]
    # "最后一个" holds 后一个 ("the next one") but is no step to the clause after wuhan/3
    assert tiny_assistant.understand("最后一个", history).references == ()
    assert tiny_assistant.understand("后一个呢", history).references == ("wuhan/4",)


def test_a_comparison_needs_two_exchanges_to_compare(tiny_assistant):
    assert tiny_assistant._compare_discussed("这俩期限哪个长?", TWO_LOANS[:2]) is None


def test_they_each_asks_the_aspect_of_both_things_discussed(tiny_assistant):
    answer = tiny_assistant.ask("它们各自谁负责?", TWO_LOANS)
    assert lines(answer)[0].startswith("《武汉市行动方案》第3条") and cited(answer) == ["wuhan/3", "wuhan/4"]


# more follow-ups on the clause discussed

ROWS = [Turn("user", "湖北方案分工表第1项谁牵头?"), Turn("assistant", "牵头单位是武汉市[1]。", ("hubei/annex-1",)),
        Turn("user", "分工表第2项呢?"), Turn("assistant", "牵头单位是省科技厅、省委金融办[1]。", ("hubei/annex-2",))]


@pytest.mark.parametrize("question", ["它由谁负责?", "那由谁负责?"])
def test_a_follow_up_asking_something_new_of_the_subject_keeps_the_clause(tiny_assistant, question):
    q = tiny_assistant.understand(question, LOAN_AMOUNT)
    assert (q.followup, q.anchor, q.names) == (True, ("wuhan/3",), ("知识价值信用贷款",))
    answer = tiny_assistant.ask(question, LOAN_AMOUNT)
    assert lines(answer)[0] == ("《武汉市行动方案》第3条(创新推广科技信贷产品)的责任单位是:市委金融办、市科技创新局、汉口银行[1]。"
                                "(该方案只列责任单位,未区分牵头单位。)")
    assert cited(answer) == ["wuhan/3"]


def test_a_follow_up_asking_in_words_of_the_clause_is_answered_from_those_words(tiny_assistant):
    answer = tiny_assistant.ask("那为哪些企业发放?", LOAN_AMOUNT)
    assert lines(answer)[0] == "《武汉市行动方案》第3条:为科技型企业发放最长3年期、最高额度1000万元的信用贷款[1]。"
    assert cited(answer) == ["wuhan/3"]


@pytest.mark.parametrize("question", ["Does the Hubei plan set a cap too?", "Is there a loss limit as well?"])
def test_an_english_question_ending_in_too_leans_on_the_conversation(tiny_assistant, question):
    history = [Turn("user", "并购贷款最长几年?"), Turn("assistant", "并购贷款:贷款期限最长可达10年[1]。", ("wuhan/4",))]
    assert tiny_assistant.understand(question, history).followup
    assert not tiny_assistant.understand("Does the Hubei plan set a cap?", history).followup


def test_a_compound_in_a_conversation_whose_parts_name_their_own_subjects_is_answered_part_by_part(tiny_assistant):
    history = [Turn("user", "武汉方案第1条讲什么?"), Turn("assistant", "出资比例提高至50%以上[1]。", ("wuhan/1",))]
    answer = tiny_assistant.ask("知识价值信用贷款最长几年?支持科技型企业并购重组由哪些单位负责?", history)
    assert lines(answer)[:2] == [
        "知识价值信用贷款:最长3年期[1]。",
        "《武汉市行动方案》第4条(支持科技型企业并购重组)的责任单位是:市委金融办、市政府国资委[2]。(该方案只列责任单位,未区分牵头单位。)",
    ]
    assert cited(answer) == ["wuhan/3", "wuhan/4"]


def test_a_follow_up_naming_another_subject_leaves_the_clause_just_cited(tiny_assistant):
    q = tiny_assistant.understand("那并购贷款期限最长几年?", LOAN_AMOUNT)
    assert (q.followup, q.anchor, q.names) == (True, (), ("并购贷款",))
    answer = tiny_assistant.ask("那并购贷款期限最长几年?", LOAN_AMOUNT)
    assert lines(answer)[0] == "并购贷款:贷款期限最长可达10年[1]。" and cited(answer) == ["wuhan/4"]


def test_switching_the_subject_with_huancheng_asks_the_same_aspect_of_the_new_one(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "武汉方案第3条:最长3年期。")]
    answer = tiny_assistant.ask("要是换成并购贷款的话最长几年?", history)
    assert lines(answer)[0] == "并购贷款:贷款期限最长可达10年[1]。" and cited(answer) == ["wuhan/4"]


def test_a_pronoun_with_the_other_plan_asks_that_plans_clause_on_the_subject(tiny_assistant):
    q = tiny_assistant.understand("这个贷款省里谁牵头?", LOAN_AMOUNT)
    assert (q.docs, q.followup, q.names) == (("hubei",), True, ("知识价值信用贷款",))
    answer = tiny_assistant.ask("这个贷款省里谁牵头?", LOAN_AMOUNT)
    assert answer.text == ("《湖北省工作方案》任务分工表第3项「深化科技型企业知识价值信用贷款改革」:"
                           "牵头单位是省科技厅;责任单位是省委金融办、人行湖北省分行[1]。")


def test_a_question_the_plans_do_not_answer_alone_leans_on_the_conversation(tiny_assistant):
    question = "小公司注册上去以后具体能干点啥呀?"
    history = [Turn("user", "武汉科技金融服务中心是干什么的?"),
               Turn("assistant", "湖北方案分工表第1项:依托武汉科技金融服务中心……", ("hubei/annex-1",))]
    assert tiny_assistant.ask(question).refused, "alone, no clause answers it"
    answer = tiny_assistant.ask(question, history)
    assert cited(answer) == ["hubei/annex-1"] and not answer.refused


@pytest.mark.parametrize("question", ["佢哋最高可以貸幾多,最長可以貸幾耐?", "他们最高可以贷多少,最长能贷几年?",
                                      "What is the cap on them?"])
def test_they_in_cantonese_mandarin_or_english_leans_on_the_conversation(tiny_assistant, question):
    assert tiny_assistant.understand(question, LOAN_AMOUNT).followup


ISSUED = [Turn("user", "Who issued the Hubei work plan?"),
          Turn("assistant", "It was issued by eight departments led by the provincial financial commission's office.")]


def test_asked_to_list_them_after_who_issued_a_plan_the_issuing_notice_answers(tiny_assistant):
    q = tiny_assistant.understand("Which are the eight departments exactly? Please list them.", ISSUED)
    assert (q.followup, q.intent) == (True, "document_info")


def test_a_date_disputed_after_when_a_plan_was_issued_is_checked_against_its_notice(tiny_assistant):
    history = [Turn("user", "武汉方案啥时候印发的"), Turn("assistant", "武汉市人民政府办公厅2025年6月7日印发。")]
    q = tiny_assistant.understand("6月7号？不是8月？", history)
    assert (q.followup, q.intent, q.docs) == (True, "document_info", ("wuhan",))


# ordinals, steps and row numbers in a conversation about the table


def test_an_english_ordinal_picks_among_the_rows_discussed_as_a_chinese_one_does(tiny_assistant):
    assert tiny_assistant.understand("Who leads the first one?", ROWS).references == ("hubei/annex-1",)
    answer = tiny_assistant.ask("Who leads the first one?", ROWS)
    assert answer.text == ("Hubei plan, task table row 1 「依托武汉科技金融服务中心，探索“校友贷”“校友投”等特色金融模式」: "
                           "lead unit(s): 武汉市; responsible unit(s): 省委金融办, 省教育厅[1].")


def test_row_numbers_without_di_in_a_conversation_about_the_table_are_its_rows(tiny_assistant):
    assert tiny_assistant.understand("那3号这一行呢?", ROWS[:2]).references == ("hubei/annex-3",)
    both = tiny_assistant.ask("接下来两项(2和3)各由谁牵头?", ROWS[:2])
    assert cited(both) == ["hubei/annex-2", "hubei/annex-3"]


def test_this_row_is_the_latter_row_of_the_conversation(tiny_assistant):
    q = tiny_assistant.understand("这一项的责任单位有哪些?", ROWS)
    assert (q.intent, q.anchor) == ("responsible_units", ("hubei/annex-2",))
    assert cited(tiny_assistant.ask("这一项的责任单位有哪些?", ROWS)) == ["hubei/annex-2"]


def test_steps_are_read_however_they_are_worded(tiny_assistant):
    item_4 = [Turn("user", "武汉方案第四条讲什么?"), Turn("assistant", "第4条:……")]
    back = tiny_assistant.ask("往前一条写的是啥?", item_4)
    assert cited(back) == ["wuhan/3"]
    assert lines(back)[0].startswith("《武汉市行动方案》第3条讲的是创新推广科技信贷产品:")
    on = tiny_assistant.ask("再往后那一项呢", ROWS)
    assert lines(on) == [
        "《湖北省工作方案》任务分工表第3项:深化科技型企业知识价值信用贷款改革[1]。",
        "《湖北省工作方案》任务分工表第3项:「深化科技型企业知识价值信用贷款改革。」[1]",
        "牵头单位:省科技厅;责任单位:省委金融办、人行湖北省分行[1]。",  # a row stepped to comes with who leads it
    ]


def test_an_item_number_after_a_row_in_the_conversation_is_the_plans_item(tiny_assistant):
    history = [Turn("user", "湖北方案第1条讲的什么?"), Turn("assistant", "……"),
               Turn("user", "谁牵头?"), Turn("assistant", "分工表第1项,牵头单位为武汉市。")]
    assert tiny_assistant.understand("第2条呢?", history).references == ("hubei/2",)
    assert tiny_assistant.understand("第2项呢?", history).references == ("hubei/annex-2",)


def test_an_ordinal_looked_for_in_a_plan_is_the_listed_item_not_the_plans_item(tiny_assistant):
    history = [Turn("user", "贷款产品有哪些?"), Turn("assistant", "有两项:一是知识价值信用贷款,二是校友贷。")]
    answer = tiny_assistant.ask("第一项在省里方案里怎么说", history)
    assert "hubei/1" not in cited(answer) and set(cited(answer)) & {"hubei/2", "hubei/annex-3"}
    assert tiny_assistant.understand("省里方案第一项讲什么", history).references == ("hubei/1",)


def test_a_listed_item_whose_words_are_all_the_replys_asks_of_the_clause_the_reply_spoke_of(tiny_assistant):
    history = [Turn("user", "两个问题:1.控股型并购贷款占交易额比例最高多少 2.贷款期限最长多少"),
               Turn("assistant", "第1个:根据武汉方案第4条,对于控股型并购,贷款占并购交易额比例最高可达到80%。")]
    answer = tiny_assistant.ask("第2个呢", history)
    assert cited(answer) == ["wuhan/4"] and "10年" in lines(answer)[0]


def test_a_listed_item_named_in_english_is_the_name_the_clause_uses_and_leads_as_the_clause_writes_it(
        offline_assistant):
    history = [Turn("user", "I'm tracking three things: the AIC pilot, S funds, and QFLP. AIC first — 湖北方案怎么说?"),
               Turn("assistant", "Hubei measure 9 expands the AIC equity investment pilot to the whole province.")]
    answer = offline_assistant.ask("OK, the middle one — 武汉方案里怎么写的?", history)
    assert cited(answer)[0] == "wuhan/4" and lines(answer)[0].startswith("S基金:")


# naming the plan to switch to

ON_HUBEI = [Turn("user", "湖北方案里知识价值信用贷款怎么说?"),
            Turn("assistant", "深化科技型企业知识价值信用贷款改革[1]。", ("hubei/annex-3",))]
ON_WUHAN = [Turn("user", "武汉方案对知识价值信用贷款怎么规定?"),
            Turn("assistant", "推广科技型企业知识价值信用贷款模式[1]。", ("wuhan/3",))]


@pytest.mark.parametrize("question, history, doc, answered_from", [
    ("武汉那份呢?", ON_HUBEI, "wuhan", "wuhan/3"),
    ("And in the city's own plan?", ON_HUBEI, "wuhan", "wuhan/3"),
    ("那武汉市自己的行动方案里怎么说?", ON_HUBEI, "wuhan", "wuhan/3"),
    ("湖北省自己的工作方案呢?", ON_WUHAN, "hubei", "hubei/annex-3"),
    ("湖北的呢?有数字吗", [Turn("user", "武汉方案到2027年有哪些目标?"), Turn("assistant", "……", ("wuhan/goals",))],
     "hubei", "hubei/goals"),
])
def test_a_plan_named_in_a_follow_up_is_the_plan_switched_to(tiny_assistant, question, history, doc, answered_from):
    q = tiny_assistant.understand(question, history)
    assert (q.docs, q.followup) == ((doc,), True)
    assert cited(tiny_assistant.ask(question, history)) == [answered_from]


def test_words_of_its_own_in_a_plan_switch_weigh_above_the_earlier_turns(tiny_assistant):
    history = [Turn("user", "省里对专家库有什么安排?"), Turn("assistant", "……", ("hubei/annex-2",))]
    answer = tiny_assistant.ask("市里方案呢?有没有知识价值信用贷款?", history)
    assert cited(answer) == ["wuhan/3"]


def test_they_after_a_turn_on_each_plan_sets_both_plans_side_by_side(tiny_assistant):
    history = [Turn("user", "湖北方案是谁发的?"), Turn("assistant", "……"), Turn("user", "武汉的方案呢?"), Turn("assistant", "……")]
    answer = tiny_assistant.ask("它们的规划期分别到哪一年?", history)
    assert lines(answer)[0] == ("对照:《武汉方案》总体目标[1]:到2027年,设立科技金融专营机构50家以上,科技型企业贷款余额突破5000亿元;"
                                "《湖北方案》总体目标[2]:到 2027 年底,初步建成武汉科技金融中心,到 2030 年,形成金融助力科技创新的新样本。")
    assert cited(answer) == ["wuhan/goals", "hubei/goals"]


def test_the_same_matter_in_the_other_plan_is_found_by_the_clause_just_discussed(tiny_assistant):
    # the clause's title (创新推广科技信贷产品) is not the Hubei plan's; the product it names is
    history = [Turn("user", "武汉方案第3条讲的是什么?"), Turn("assistant", "第3条是创新推广科技信贷产品……", ("wuhan/3",))]
    assert cited(tiny_assistant.ask("湖北方案里同一件事由谁牵头?", history)) == ["hubei/annex-3"]


def test_a_plan_switch_sharing_no_words_is_answered_from_its_nearest_clause_only_with_vectors(
        settings, tiny_corpus, tiny_assistant, fake_embedder):
    from assistant import Assistant

    history = [Turn("user", "武汉对并购贷款的比例上限是多少?"), Turn("assistant", "武汉方案:贷款占并购交易额比例最高可达到80%。")]
    question = "那湖北的方案呢?有类似安排吗?"
    with_vectors = Assistant(settings, corpus=tiny_corpus, embedder=fake_embedder, refusal_model=None, applies_model=None, lead_prior=None)
    answer = with_vectors.ask(question, history)  # the hashed-bigram vector nearest to wuhan/4 in the Hubei plan
    assert cited(answer) == ["hubei/annex-3"] and not answer.refused
    without = tiny_assistant.ask(question, history)
    assert without.refused and without.text == "《湖北省工作方案》没有涉及并购贷款方面的内容,我无法据此回答。"


# asking back


def test_a_question_back_cites_nothing_and_so_names_no_figure(tiny_assistant):
    from assistant import unsupported_numbers

    answer = tiny_assistant.ask("那这个额度是多少", [Turn("user", "在吗"), Turn("assistant", "在的")])
    assert answer.text == ZH["ask_back"].format(candidates="知识价值信用贷款")
    assert not answer.refused and answer.citations == () and unsupported_numbers(answer.text, []) == []


def test_a_pointer_before_a_specific_word_after_small_talk_is_asked_back(tiny_assistant):
    small_talk = [Turn("user", "在吗"), Turn("assistant", "在的")]
    # what it asks (交易额占比) is specific; what it asks it of ("它") was never said
    answer = tiny_assistant.ask("它占交易额的比例最高多少?", small_talk)
    assert is_question_back(answer, ZH) and answer.citations == ()
    # a pointer after the words it points at ("交易额这条") names its subject: answered
    assert tiny_assistant.ask("交易额这条比例最高多少?", small_talk).citations


@pytest.mark.parametrize("history", [
    [Turn("user", "实习第一天,好紧张"), Turn("assistant", "加油!有关于两份科技金融方案的问题随时可以问我。")],
    [Turn("user", "实习工资一般多少?"), Turn("assistant", "抱歉,这超出了两份科技金融方案的范围。")],
])
def test_an_exchange_naming_nothing_of_the_plans_leaves_nothing_to_lean_on(offline_assistant, history):
    answer = offline_assistant.ask("那额度上限呢", history)
    assert is_question_back(answer, ZH) and answer.citations == ()
    # an exchange that named a product is leaned on
    loan = [Turn("user", "知识价值信用贷款是什么?"), Turn("assistant", "为科技型企业发放的信用贷款。")]
    assert "1000万元" in offline_assistant.ask("那额度上限呢", loan).text


@pytest.mark.parametrize("history", [
    [Turn("user", "深圳到武汉高铁要多久"), Turn("assistant", "这个不在我能回答的政策范围内,建议查一下12306。")],
    [Turn("user", "Can you recommend a good hotel near Optics Valley?"),
     Turn("assistant", "Sorry, I can only help with the Wuhan and Hubei sci-tech finance policy documents.")],
])
def test_an_exchange_the_reply_declines_leaves_no_plan_or_place_it_named_to_lean_on(offline_assistant, history):
    answer = offline_assistant.ask("那这个谁牵头的", history)
    assert is_question_back(answer, ZH) and answer.citations == ()
    # declined, a product the turn named is still what a follow-up leans on
    declined_rate = [Turn("user", "知识价值信用贷款的利率多少?"), Turn("assistant", "这个不在方案范围内,方案没有写利率。")]
    assert "1000万元" in offline_assistant.ask("那额度上限呢", declined_rate).text


def test_a_candidate_name_asked_back_is_written_as_the_clause_writes_it(offline_assistant, corpus):
    from assistant.answer.compose import ask_back

    q = offline_assistant.understand("那第二个呢?")
    answer = ask_back(q, [corpus.unit("wuhan/2")], offline_assistant._routes["exact"])
    assert "AIC" in answer.text and "aic" not in answer.text and answer.citations == ()


@pytest.mark.parametrize("question, phrases", [
    ("利率呢", ZH),  # an aspect alone, ending in 呢
    ("And the interest rate?", PHRASES["en"]),  # no plan states a rate: still asked which product first
    ("这一条的责任单位都有哪些?", ZH),  # a clause pointed at by 这一条
    ("咁上限提高到几多?", ZH),  # Cantonese 咁 opens a follow-up as 那 does
])
def test_a_follow_up_after_small_talk_only_is_asked_back_whatever_points_back(tiny_assistant, question, phrases):
    answer = tiny_assistant.ask(question, [Turn("user", "谢谢"), Turn("assistant", "不客气。")])
    assert is_question_back(answer, phrases) and not answer.refused and answer.citations == ()


@pytest.mark.parametrize("question", ["第几条", "州里呢"])
def test_a_message_whose_words_the_plans_never_use_is_asked_back_plainly(tiny_assistant, question):
    # nothing to lean on and nothing to go by: no candidates picked at random
    answer = tiny_assistant.ask(question)
    assert answer.text == ZH["ask_back_plain"] and answer.citations == ()
    # a message on a matter of its own is no follow-up: refused as outside the plans
    assert tiny_assistant.ask("今天吃啥").refused


def test_a_morning_greeting_or_a_question_about_what_the_assistant_covers_leaves_nothing_to_lean_on(tiny_assistant):
    for opening in ("早晨", "请问系统目前支持哪些文件?"):
        reply = tiny_assistant.ask(opening)
        assert not reply.refused and reply.citations == ()  # small talk, answered with what it can do
        answer = tiny_assistant.ask("那额度上限呢", [Turn("user", opening), Turn("assistant", reply.text)])
        assert is_question_back(answer, ZH) and answer.citations == ()


def test_asking_who_leads_with_no_subject_after_small_talk_is_asked_back(tiny_assistant):
    answer = tiny_assistant.ask("牵头的是谁?", [Turn("user", "你好"), Turn("assistant", "你好!请问想了解什么?")])
    assert is_question_back(answer, ZH) and not answer.refused and answer.citations == ()


def test_after_the_asker_clears_the_conversation_a_follow_up_has_nothing_to_lean_on(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最高额度是多少?"), Turn("assistant", "最高额度1000万元。", ("wuhan/3",)),
               Turn("user", "清空对话,重新开始"), Turn("assistant", "好的,请问您想了解什么?")]
    answer = tiny_assistant.ask("那期限呢?", history)
    assert is_question_back(answer, ZH) and answer.citations == ()
    assert "3年" in tiny_assistant.ask("那期限呢?", history[:2]).text  # without the reset it leans on the loan


def test_what_the_unit_that_leads_also_leads_is_read_against_the_first_parts_answer(tiny_assistant):
    answer = tiny_assistant.ask("分工表第3项谁牵头?它还牵头了哪些?")
    first, second = lines(answer)[:2]
    assert first.startswith("《湖北省工作方案》任务分工表第3项") and "牵头单位是省科技厅" in first
    assert "责任单位" not in first  # asked who leads, and the next part goes on from that unit
    # "还牵头了哪些": the rest, not the row the first part was about
    assert second.startswith("省科技厅在《湖北省工作方案》中还牵头:") and "第3项" not in second
    assert "hubei/annex-2" in cited(answer) and "hubei/annex-4" in cited(answer)


def test_an_english_follow_up_pointing_at_nothing_is_asked_back_not_refused(tiny_assistant):
    answer = tiny_assistant.ask("ok so what's the cap on that one?", [Turn("user", "hi there"), Turn("assistant", "Hi!")])
    assert is_question_back(answer, PHRASES["en"]) and not answer.refused


def test_a_long_follow_up_pointing_at_a_list_never_given_is_asked_back(tiny_assistant):
    # eleven words, more than a short follow-up; what it points at was never said
    answer = tiny_assistant.ask("And the third item on that list, who is in charge of it?")
    assert is_question_back(answer, PHRASES["en"]) and answer.citations == ()


def test_an_english_follow_up_naming_a_subject_of_its_own_leans_on_no_clause(tiny_assistant):
    history = [Turn("user", "How long can a knowledge-value credit loan run?"), Turn("assistant", "Up to 3 years.", ("wuhan/3",))]
    assert tiny_assistant.understand("And the term?", history).anchor == ("wuhan/3",)  # an aspect: same subject
    q = tiny_assistant.understand("What about angel funds?", history)
    assert q.anchor == () and q.resolved == "What about angel funds? how long"  # the same ask of it
    assert cited(tiny_assistant.ask("What about angel funds?", history)) == ["wuhan/1"]


def test_the_second_item_after_a_reply_listing_items_is_that_item_not_a_plans_item_two(tiny_assistant):
    history = [Turn("user", "湖北方案第1条讲了什么?"),
               Turn("assistant", "(一)探索“校友贷”“校友投”等特色金融模式(二)建立科技金融专家库和科技金融人才库")]
    q = tiny_assistant.understand("第二项谁牵头?", history)
    assert q.references == () and q.resolved.startswith("谁牵头?(建立科技金融专家库和科技金融人才库)")
    assert cited(tiny_assistant.ask("第二项谁牵头?", history)) == ["hubei/annex-2"]
    # with the table named, it is the table's row 2
    assert tiny_assistant.understand("分工表第二项谁牵头?", history).references == ("hubei/annex-2",)


FUNDS_LISTED = [Turn("user", "武汉方案第1条提到哪些基金?"), Turn("assistant", "政府投资基金、种子基金、天使基金。")]


def test_an_ordinal_over_a_reply_that_is_a_list_picks_that_item(tiny_assistant):
    q = tiny_assistant.understand("倒数第一个呢?", FUNDS_LISTED)
    assert q.resolved.startswith("呢?(天使基金)") and q.followup


def test_an_ordinal_opening_a_question_of_its_own_is_the_item_asked_about_in_the_plan_talked_of(tiny_assistant):
    q = tiny_assistant.understand("倒数第二个,知识价值信用贷款能不能投?", FUNDS_LISTED)
    assert q.names == ("种子基金", "知识价值信用贷款") and q.resolved.endswith("(种子基金)")
    assert not q.followup and q.docs == ("wuhan",) and q.anchor == ()
    # an opening ordinal owning what follows ("第二个的出资比例") is the item too; one after a name
    # ("种子基金的第二个…") is the name's own
    q = tiny_assistant.understand("第二个的出资比例是多少?", FUNDS_LISTED)
    assert q.item == "种子基金" and q.resolved.endswith("(种子基金)")
    assert tiny_assistant.understand("种子基金的第二个出资比例是多少?", FUNDS_LISTED).item == ""


CLAUSES_LISTED = [Turn("user", "武汉方案信贷提质行动下面有哪几条"),
                  Turn("assistant", "共三条:\n第1条 强化政府投资基金引导作用\n第3条 创新推广科技信贷产品\n第4条 支持科技型企业并购重组"),
                  Turn("user", "4222是啥"), Turn("assistant", "文件没有解释。")]


def test_a_clause_number_said_over_a_list_of_the_size_said_is_that_lists_item(tiny_assistant):
    # "那三条 第二条": the second of the three clauses listed a line each, not the plan's item 2
    q = tiny_assistant.understand("回到那三条 第二条里 期限最长几年", CLAUSES_LISTED)
    assert q.references == ("wuhan/3",) and q.text.endswith("(第3条创新推广科技信贷产品)")
    assert tiny_assistant.understand("回到那三条 最后一条是啥", CLAUSES_LISTED).references == ("wuhan/4",)
    # no size said: 第二条 is the plan's item 2
    assert tiny_assistant.understand("武汉方案第二条讲什么", CLAUSES_LISTED).references == ("wuhan/2",)


def test_a_list_item_spanning_clauses_by_a_range_stands_for_each_of_them(tiny_assistant):
    history = [Turn("user", "武汉方案第一部分分几块"),
               Turn("assistant", "分两块:\n(一)实施耐心资本培育行动(第1—2条)\n(二)实施科技信贷提质行动(第3—4条)")]
    q = tiny_assistant.understand("第二块下面具体是哪几条", history)
    assert q.references == ("wuhan/3", "wuhan/4")


def test_a_bare_lead_department_asked_after_a_clause_is_that_clauses_units(tiny_assistant):
    # "牵头部门?" asks who leads; a Wuhan clause names responsible units only, and says so
    history = [Turn("user", "并购贷款是哪条"), Turn("assistant", "武汉方案第4条:支持科技型企业并购重组。")]
    answer = tiny_assistant.ask("牵头部门?", history)
    assert lines(answer)[0].startswith("《武汉市行动方案》第4条(支持科技型企业并购重组)的责任单位是:市委金融办、市政府国资委")
    assert cited(answer) == ["wuhan/4"]


def test_naming_the_plan_when_asking_who_is_responsible_still_leans_on_the_clause_discussed(tiny_assistant):
    history = [Turn("user", "I want to use the M&A loan pilot."),
               Turn("assistant", "Wuhan task 4 supports M&A loans of up to 80% of the deal value.")]
    answer = tiny_assistant.ask("Which Wuhan agencies are responsible?", history)
    assert cited(answer) == ["wuhan/4"] and "市政府国资委" in answer.text


# a named unit's role in the row discussed

ROW_TWO = [Turn("user", "专家库和人才库谁负责?"), Turn("assistant", "分工表第2项:省科技厅、省委金融办牵头,省人社厅配合。")]


def test_a_named_unit_asked_whether_it_leads_the_row_discussed_is_told_its_role_there(tiny_assistant):
    assert lines(tiny_assistant.ask("省人社厅在这里面是牵头还是配合?", ROW_TWO))[0] == (
        "省人社厅不是《湖北省工作方案》任务分工表第2项的牵头单位,而是责任单位(配合);牵头单位是省科技厅、省委金融办[1]。")
    assert lines(tiny_assistant.ask("省科技厅是牵头吗?", ROW_TWO))[0] == (
        "省科技厅是《湖北省工作方案》任务分工表第2项的牵头单位(与省委金融办共同牵头);责任单位是省人社厅[1]。")
    assert lines(tiny_assistant.ask("省财政厅是不是也参与?", ROW_TWO))[0] == (
        "《湖北省工作方案》任务分工表第2项列出的单位中没有这个单位;负责的是省科技厅、省委金融办[1]。")


@pytest.mark.parametrize("question", ["省人社厅参与吗?", "有省人社厅吗"])
def test_a_yes_or_no_question_naming_only_a_unit_asks_its_role_in_the_row_discussed(tiny_assistant, question):
    # no cue word of a role check: a unit and a yes or no, nothing else the documents could be asked about
    assert lines(tiny_assistant.ask(question, ROW_TWO))[0] == (
        "省人社厅不是《湖北省工作方案》任务分工表第2项的牵头单位,而是责任单位(配合);牵头单位是省科技厅、省委金融办[1]。")


def test_each_unit_named_in_a_role_check_is_told_its_role_in_turn(tiny_assistant):
    history = [Turn("user", "政府投资基金出资比例是多少"), Turn("assistant", "武汉方案第1条:出资比例提高至50%以上。", ("wuhan/1",))]
    first = lines(tiny_assistant.ask("这条的责任单位里有没有财政局和科技部门？", history))[:2]
    assert first == ["市财政局是《武汉市行动方案》第1条的责任单位之一(武汉方案只列责任单位,不区分牵头)[1]。",
                     "市科技创新局是《武汉市行动方案》第1条的责任单位之一(武汉方案只列责任单位,不区分牵头)[1]。"]


def test_a_unit_asked_which_tasks_it_takes_part_in_is_no_role_check_of_the_row_discussed(tiny_assistant):
    q = tiny_assistant.understand("省人社厅还参与了哪些?", ROW_TWO)
    assert q.intent == "unit_lookup"


def test_a_role_check_after_a_reply_on_a_plans_safeguards_is_about_the_safeguards(tiny_assistant):
    history = [Turn("user", "武汉的推进机制由谁牵头"), Turn("assistant", "武汉方案保障措施:由市委金融办、市科技创新局牵头。")]
    assert lines(tiny_assistant.ask("市科技创新局是牵头吗?", history))[0] == (
        "市科技创新局是《武汉市行动方案》保障措施的牵头单位(与市委金融办共同牵头)[1]。")


def test_a_unit_the_safeguards_name_by_a_short_name_among_those_taking_part_is_told_it_takes_part(tiny_assistant):
    history = [Turn("user", "武汉的推进机制由谁牵头"), Turn("assistant", "武汉方案保障措施:由市委金融办、市科技创新局牵头。")]
    assert lines(tiny_assistant.ask("市财政局在这里面是牵头还是参与?", history))[0] == (
        "市财政不是《武汉市行动方案》保障措施的牵头单位,而在“市财政、经信等部门共同参与”之列;"
        "牵头单位是市委金融办、市科技创新局[1]。")
    # a unit the clause names neither way is not placed in it
    assert "之列" not in lines(tiny_assistant.ask("市投资促进局在这里面是牵头还是参与?", history))[0]


def test_an_item_both_plans_have_asked_after_a_greeting_only_is_asked_back_which_plans_it_is(tiny_assistant):
    history = [Turn("user", "你好"), Turn("assistant", "您好!请问想了解什么?")]
    answer = tiny_assistant.ask("第二条谁负责?", history)
    assert cited(answer) == [] and not answer.refused and answer.text == (
        "您问的是哪份方案的这一项：《武汉市行动方案》第2条(拓宽科技创新长期资本来源)，还是《湖北省工作方案》第2条(激活数据增信价值)？")
    # the plan named, or the clause a conversation is at, tells which
    assert cited(tiny_assistant.ask("武汉方案第二条谁负责?", history)) == ["wuhan/2"]


def test_a_pointer_at_the_clause_before_the_questions_own_words_keeps_the_clause_they_would_leave(tiny_assistant):
    history = [Turn("user", "种子基金、天使基金政府出资比例是多少?"),
               Turn("assistant", "政府投资基金出资比例提高至50%以上[1]。", ("wuhan/1",))]
    # "该条…": asked of the clause just cited, though its words (并购重组) are another clause's
    assert cited(tiny_assistant.ask("该条责任单位中负责并购重组试点的是哪个?", history)) == ["wuhan/1"]
    # with no pointer at the clause, its own words find their clause
    assert cited(tiny_assistant.ask("那负责并购重组试点的是哪个?", history)) == ["wuhan/4"]


def test_a_turn_that_only_describes_the_asker_leaves_nothing_for_a_follow_up_to_lean_on(tiny_assistant):
    history = [Turn("user", "我们公司在光谷,做光模块的"), Turn("assistant", "好的,请问想了解哪方面的支持政策?")]
    assert tiny_assistant.understand("那比例是多少?", history).terms == ()
    answer = tiny_assistant.ask("那比例是多少?", history)
    assert answer.text.startswith("您问的是哪一项") and not answer.refused
    # a turn that asks something is leaned on
    assert tiny_assistant.understand("那期限呢?", [Turn("user", "我们是科技型企业,想申请知识价值信用贷款")]).followup


def test_a_turn_describing_the_asker_is_leaned_on_when_it_or_its_reply_names_a_thing_of_the_plans(tiny_assistant):
    history = [Turn("user", "我们在宜昌 做生物药的 看到武汉有个知识价值信用贷"),
               Turn("assistant", "是的,武汉方案第3条推广科技型企业知识价值信用贷款模式。")]
    q = tiny_assistant.understand("最长几年", history)
    assert q.followup and q.anchor == ("wuhan/3",)


def test_a_unit_named_with_its_place_word_names_no_plan_and_the_plan_talked_of_carries_over(tiny_assistant):
    history = [Turn("user", "武汉方案第3条讲什么?"), Turn("assistant", "推广知识价值信用贷款模式。")]
    assert tiny_assistant.understand("这条的责任单位里有市教育局吗?", history).docs == ("wuhan",)


def test_an_english_turn_that_only_says_who_asks_leaves_nothing_to_lean_on(tiny_assistant):
    history = [Turn("user", "Hi, I'm a relationship manager at a bank in Wuhan."), Turn("assistant", "Hello! How can I help?")]
    answer = tiny_assistant.ask("and how long is that one?", history)
    assert not answer.refused and not answer.citations and "?" in answer.text  # asked back which one
    # a turn saying what it is looking at, or asking in English words, is leaned on
    assert tiny_assistant.understand("and the term?", [Turn("user", "I'm looking at the knowledge-value credit loan")]).followup
    assert tiny_assistant.understand("and the term?", [Turn("user", "We're a chip firm, what loans are there")]).followup
    # an instruction after the introduction asks too ("Summarise…", "总结一下…")
    assert tiny_assistant.understand("and the term?", [Turn("user", "We're an MBA team. Summarise Wuhan task 3 for us.")]).followup


def test_a_follow_up_leans_on_what_the_reply_named_when_the_askers_turn_named_nothing(tiny_assistant):
    history = [Turn("user", "我们想贷款"), Turn("assistant", "可以看看知识价值信用贷款。")]
    q = tiny_assistant.understand("那最长几年?", history)
    assert q.names == ("知识价值信用贷款",) and "知识价值信用贷款" in q.resolved
    # the clause found first only names the product (深化…改革); the one stating its term answers
    assert lines(tiny_assistant.ask("那最长几年?", history))[0] == "知识价值信用贷款:最长3年期[1]。"
    # a reply naming several things offers a choice: nothing is carried
    several = [Turn("user", "我们想贷款"), Turn("assistant", "可以看看知识价值信用贷款、校友贷,或者并购贷款。")]
    assert tiny_assistant.understand("那最长几年?", several).names == ()



def test_a_question_naming_what_the_last_exchange_discussed_stays_in_that_exchanges_plan(tiny_assistant):
    history = [Turn("user", "湖北方案有没有讲知识价值信用贷款?"), Turn("assistant", "有,深化科技型企业知识价值信用贷款改革。")]
    assert cited(tiny_assistant.ask("知识价值信用贷款由谁牵头?", history)) == ["hubei/annex-3"]
    assert "wuhan/3" in cited(tiny_assistant.ask("知识价值信用贷款由谁牵头?"))  # asked afresh: both plans
    assert "wuhan/3" in cited(tiny_assistant.ask("知识价值信用贷款两个方案分别由谁负责?", history))  # asked of both


def test_a_claim_about_what_the_last_exchange_named_leans_on_that_exchange(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "最长3年期。", ("wuhan/3",))]
    q = tiny_assistant.understand("知识价值信用贷款是5年对吧?", history)
    assert q.followup and q.resolved.endswith("最长几年")  # what the exchange asked, to check the claim against
    assert not tiny_assistant.understand("知识价值信用贷款最长几年?", history).followup  # asked anew, not a claim
    assert not tiny_assistant.understand("并购贷款是10年对吧?", history).followup  # a claim about something else


def test_a_figure_a_follow_up_claims_is_no_subject_of_its_own(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "最长3年期。")]
    for claim in ("应该是5年期吧", "应该是2000万元吧"):
        assert "知识价值信用贷款" in tiny_assistant.understand(claim, history).resolved


def test_disputing_what_the_reply_said_of_a_unit_leans_on_that_exchange(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款改革谁牵头?"), Turn("assistant", "由省委金融办牵头。")]
    q = tiny_assistant.understand("我看好像不是省委金融办牵头的?", history)
    assert q.followup and "知识价值信用贷款" in q.resolved
    assert cited(tiny_assistant.ask("我看好像不是省委金融办牵头的?", history))[0] == "hubei/annex-3"


def test_an_ordinal_picks_from_a_markdown_table_or_bullets_in_the_reply(tiny_assistant):
    table = [Turn("user", "武汉方案有哪些贷款产品?"),
             Turn("assistant", "| 产品 | 期限 |\n|---|---|\n| 知识价值信用贷款 | 最长3年 |\n| 并购贷款 | 最长10年 |")]
    assert "并购贷款" in tiny_assistant.understand("第二个额度多少?", table).resolved
    bullets = [Turn("user", "武汉方案有哪些贷款产品?"), Turn("assistant", "主要有:\n- **知识价值信用贷款**\n- **并购贷款**")]
    assert "wuhan/4" in cited(tiny_assistant.ask("第二个最长多少年?", bullets))


def test_a_follow_up_reaching_back_to_the_start_leans_on_the_first_exchange(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最高能贷多少?"), Turn("assistant", "最高1000万元。"),
               Turn("user", "并购贷款呢?"), Turn("assistant", "贷款占交易额最高80%。")]
    assert "3年期" in tiny_assistant.ask("刚开始说的那个贷款期限多长?", history).text.split("\n")[0]
    assert "10年" in tiny_assistant.ask("那期限多长?", history).text.split("\n")[0]  # the latest exchange


def test_asked_what_role_a_unit_plays_in_the_row_just_found_it_is_told_its_role_there(tiny_assistant):
    history = [Turn("user", "分工表第3项讲什么?"), Turn("assistant", "深化科技型企业知识价值信用贷款改革。")]
    answer = tiny_assistant.ask("这一项谁牵头?省委金融办承担什么角色?", history)
    assert "省委金融办不是" in answer.text and "牵头单位是省科技厅" in answer.text
    assert cited(answer) == ["hubei/annex-3"]


def test_a_later_part_naming_the_other_plan_and_no_subject_asks_the_same_matter_of_that_plan(tiny_assistant):
    answer = tiny_assistant.ask("知识价值信用贷款武汉方案写的最长几年?省里分工表上由谁牵头?")
    assert lines(answer)[:2] == [
        "知识价值信用贷款:最长3年期[1]。",
        "《湖北省工作方案》任务分工表第3项「深化科技型企业知识价值信用贷款改革」:牵头单位是省科技厅;责任单位是省委金融办、人行湖北省分行[2]。",
    ]


def test_a_listed_bare_number_counts_what_the_first_items_number_counts(tiny_assistant):
    history = [Turn("user", "Which Wuhan measures are about credit?"),
               Turn("assistant", "Three of them: measure 3 (tech credit products), 4 (M&A of tech firms), 1 (government funds).")]
    assert tiny_assistant.understand("Who is responsible for the second one?", history).references == ("wuhan/4",)
    assert cited(tiny_assistant.ask("Who is responsible for the second one?", history)) == ["wuhan/4"]


def test_the_next_part_of_a_compound_points_at_a_rows_measure_by_tiao_and_at_the_row_by_xiang(tiny_assistant):
    assert tiny_assistant._pointed_at(["hubei/annex-3"], "同一条还讲了什么?") == ("hubei/2",)
    assert tiny_assistant._pointed_at(["hubei/annex-3"], "这项谁牵头?") == ("hubei/annex-3",)
    assert tiny_assistant._pointed_at(["hubei/annex-3"], "它还讲了什么?") == ("hubei/2", "hubei/annex-3")
    assert tiny_assistant._pointed_at(["wuhan/3"], "那条最长几年?") == ("wuhan/3",)  # a measure is its own 条


def test_an_ordinal_said_as_the_lists_own_marker_picks_that_item(tiny_assistant):
    asked = [Turn("user", "来电人问了三件事:①天使基金出资比例 ②种子基金存续期 ③知识价值信用贷款额度。先回答①"),
             Turn("assistant", "①天使基金:出资比例提高至50%以上。")]
    assert tiny_assistant.understand("好,③呢?", asked).resolved.startswith("好,呢?(知识价值信用贷款额度)")
    sections = [Turn("user", "武汉方案讲了哪些事?"), Turn("assistant", "(一)政府投资基金\n(二)知识价值信用贷款")]
    assert "知识价值信用贷款" in tiny_assistant.understand("(二)里面最高额度多少?", sections).resolved
    numbered = [Turn("user", "两个问题:1. 天使基金出资比例 2. 知识价值信用贷款期限。先答1"), Turn("assistant", "1. 50%以上。")]
    assert "(知识价值信用贷款期限)" in tiny_assistant.understand("2呢", numbered).resolved
    # with no list to count over, "(二)" is left as it stands
    assert "(二)" in tiny_assistant.understand("(二)里面最高额度多少?", [Turn("user", "你好"), Turn("assistant", "您好")]).resolved


def test_an_ordinal_reaches_back_to_the_last_exchange_that_listed_something(tiny_assistant):
    history = [*FUNDS_LISTED, Turn("user", "这些是哪年要完成的?"), Turn("assistant", "都是到2027年。")]
    assert "(天使基金)" in tiny_assistant.understand("第三个呢?", history).resolved
    # a later list, too short for the ordinal, is the one meant: no reaching past it
    shorter = [*FUNDS_LISTED, Turn("user", "哪两个是基金?"), Turn("assistant", "有两个:种子基金和天使基金。")]
    assert "(天使基金)" not in tiny_assistant.understand("第三个呢?", shorter).resolved


def test_a_list_written_as_one_comes_before_clauses_a_reply_merely_separates_after_a_colon(tiny_assistant):
    history = [Turn("user", "来电人问了三件事:①天使基金出资比例 ②种子基金存续期 ③知识价值信用贷款额度。先回答①"),
               Turn("assistant", "①武汉方案第1条:出资比例提高至50%以上、存续期最长15年,政府按一定比例给予补偿。")]
    assert tiny_assistant.understand("好,③呢?", history).resolved.startswith("好,呢?(知识价值信用贷款额度)")
    counted = [Turn("user", "两种贷款都带个1000万:知识价值信用贷款和知识产权质押贷款,第一个是啥意思?"),
               Turn("assistant", "第一个指的是:最长3年期、最高额度1000万元,政府按一定比例予以风险补偿。")]
    assert "(知识产权质押贷款)" in tiny_assistant.understand("第二个?", counted).resolved


def test_a_list_marker_said_back_picks_the_item_even_in_a_question_naming_something(tiny_assistant):
    history = [Turn("user", "武汉方案里跟基金有关的是哪几条?"), Turn("assistant", "(一)第1条 政府投资基金\n(二)第4条 股权投资退出")]
    assert "(第4条股权投资退出)" in tiny_assistant.understand("(二)里面S基金怎么说?", history).resolved


def test_a_compared_figures_lead_keeps_only_its_segments_stating_that_kind_of_figure():
    from assistant.answer.compose import _stating
    from assistant.retrieve.rerank import asked_figure

    term = asked_figure("哪个长")
    lead = "《武汉市行动方案》第1条:出资比例提高至50%以上,参与设立的创业投资基金存续期最长可达15年[1]。"
    assert _stating(lead, term) == "《武汉市行动方案》第1条:参与设立的创业投资基金存续期最长可达15年[1]。"
    assert _stating(lead, None) == lead  # nothing compared by figure: the lead as it is
    assert _stating("知识价值信用贷款:最长3年期[1]。", term) == "知识价值信用贷款:最长3年期[1]。"  # every segment states one
    framed = "并购贷款:用好试点政策,对于控股型并购,贷款期限最长可达10年[2]。"
    assert _stating(framed, term) == "并购贷款:对于控股型并购,贷款期限最长可达10年[2]。"  # with the frame it is said under


def test_an_english_follow_up_in_the_same_plan_names_its_own_subject(tiny_assistant):
    history = [Turn("user", "How long can a knowledge-value credit loan run?"), Turn("assistant", "Up to 3 years.", ("wuhan/3",))]
    q = tiny_assistant.understand("And the M&A loan pilot in the same plan?", history)
    assert ("并购",) in q.terms and "知识价值信用贷款" not in q.names  # "the same plan" is the plan, not the loan
    assert cited(tiny_assistant.ask("And the M&A loan pilot in the same plan?", history)) == ["wuhan/4"]


def test_what_else_a_unit_leads_leaves_out_the_row_the_last_reply_cited(tiny_assistant):
    history = [Turn("user", "分工表第3项谁牵头?"), Turn("assistant", "省科技厅牵头[1]。", ("hubei/annex-3",))]
    answer = tiny_assistant.ask("省科技厅还牵头了哪些?", history)
    assert lines(answer)[0].startswith("省科技厅在《湖北省工作方案》中还牵头:") and "第3项" not in lines(answer)[0]
    # asked plainly, every row it leads
    assert "第3项" in lines(tiny_assistant.ask("省科技厅牵头哪些?", history))[0]


def test_a_follow_up_asking_anew_with_sha_asks_no_figure_the_turn_before_asked(tiny_assistant):
    from assistant.answer.evidence import asked_figure_kind

    history = [Turn("user", "知识价值信用贷款最高额度是多少?"), Turn("assistant", "最高1000万元。")]
    assert asked_figure_kind(tiny_assistant.understand("那反担保有啥变化?", history)) is None  # 啥 asks as 什么 does
    assert asked_figure_kind(tiny_assistant.understand("那期限呢?", history)) is not None


def test_a_follow_up_going_back_leans_on_the_earlier_exchange_that_shares_its_words(tiny_assistant):
    history = [Turn("user", "校友贷是哪条说的?"), Turn("assistant", "湖北方案第1条:探索“校友贷”“校友投”等特色金融模式。"),
               Turn("user", "并购贷款呢?"), Turn("assistant", "武汉方案第4条:贷款占交易额最高80%。")]
    # "回到校友…": the exchange on 校友贷, past the one on 并购贷款
    assert tiny_assistant.understand("回到校友贷那个,谁牵头?", history).prior_units == ("hubei/1",)
    # "第一个问题": the first exchange; without a cue to go back, the latest
    assert "hubei/annex-1" in cited(tiny_assistant.ask("第一个问题那条是谁牵头?", history))
    assert "wuhan/4" in cited(tiny_assistant.ask("那条是谁负责?", history))
    # going back to words the last exchange holds best stays on it
    assert tiny_assistant.understand("回到并购贷款,期限呢?", history).prior_units == ("wuhan/4",)


def test_checking_a_figure_a_reply_gave_leans_on_the_exchange_that_gave_it(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最高能贷多少?"), Turn("assistant", "最高2000万元。"),
               Turn("user", "并购贷款能占交易额多少?"), Turn("assistant", "最高80%。")]
    # "确定是2000万元?": the figure the first reply gave, checked against that exchange's clause
    answer = tiny_assistant.ask("确定是2000万元?来电人说不是这个数", history)
    assert cited(answer) == ["wuhan/3"] and "1000万元" in lines(answer)[0]
    # a figure no reply gave leans on the latest exchange, as any short follow-up does
    assert "知识价值信用贷款" not in tiny_assistant.understand("确定是3000万元?", history).resolved


def test_a_lists_letter_said_back_picks_its_item(tiny_assistant):
    history = [Turn("user", "武汉方案有哪些贷款产品?"), Turn("assistant", "有两种:A. 知识价值信用贷款;B. 并购贷款。")]
    assert tiny_assistant.understand("B由谁负责?", history).resolved.startswith("B由谁负责?(并购贷款)")
    # a letter in an English word is no marker
    assert tiny_assistant.understand("is a loan possible?", history).resolved.startswith("is a loan possible?")


def test_a_pointer_standing_before_a_name_never_said_points_at_that_name(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "武汉方案第3条:最长3年期。")]
    # "那个「校友贷」": the pointer names the new subject; nothing of the loan exchange is carried
    q = tiny_assistant.understand("那个「校友贷」是什么模式?", history)
    assert not q.followup and q.docs == () and "知识价值信用贷款" not in q.resolved
    assert cited(tiny_assistant.ask("那个「校友贷」是什么模式?", history)) in (["hubei/1"], ["hubei/annex-1"])
    # a pointer before a name the conversation did say still points back
    assert tiny_assistant.understand("那个知识价值信用贷款额度呢?", history).followup


def test_a_follow_up_naming_only_what_an_earlier_exchange_said_leans_on_that_exchange(tiny_assistant):
    history = [Turn("user", "湖北方案第1条讲什么?"), Turn("assistant", "探索“校友贷”“校友投”等特色金融模式。"),
               Turn("user", "并购贷款呢?"), Turn("assistant", "武汉方案第4条:贷款占交易额最高80%。")]
    assert tiny_assistant.understand("那个校友贷的事谁牵头?", history).prior_units == ("hubei/1",)
    assert tiny_assistant.understand("那条谁牵头?", history).prior_units == ("wuhan/4",)  # naming nothing: the last


def test_an_exchange_that_only_introduced_the_asker_leaves_nothing_to_lean_on(tiny_assistant):
    history = [Turn("user", "我是省科技厅的联络员,想问点情况"), Turn("assistant", "好的,请问想了解哪项内容?")]
    assert not tiny_assistant.understand("那我们在这一条里是什么角色?", history).followup
    answer = tiny_assistant.ask("那我们在这一条里是什么角色?", history)
    assert is_question_back(answer, ZH) and answer.citations == ()
    # an introduction whose reply names a product is leaned on
    named = [Turn("user", "我们是银行合规部的,想核对一些数字"), Turn("assistant", "可以,比如知识价值信用贷款。")]
    assert tiny_assistant.understand("那最长几年?", named).followup


def test_disputing_what_was_just_said_leans_on_that_exchange(tiny_assistant):
    history = [Turn("user", "并购贷款期限最长几年?"), Turn("assistant", "武汉方案第4条:最长5年。")]
    q = tiny_assistant.understand("是不是说反了?我查到的资料里写得可不一样", history)
    assert q.followup and "并购贷款" in q.resolved


def test_an_ordinal_over_the_askers_own_list_asks_of_that_item_not_of_the_one_just_answered(tiny_assistant):
    history = [Turn("user", "我们有三件事想问:一是并购贷款,二是知识价值信用贷款,三是校友贷。先说第一件,比例多少?"),
               Turn("assistant", "贷款占并购交易额比例最高可达到80%。", ("wuhan/4",))]
    q = tiny_assistant.understand("第二件呢", history)
    assert "知识价值信用贷款" in q.resolved and "校友贷" not in q.resolved and "并购贷款" not in q.resolved
    assert q.anchor == ()  # the reply was about the first item


def test_the_same_claim_made_of_another_thing_with_ye_asks_what_the_turn_before_asked(tiny_assistant):
    history = [Turn("user", "并购贷款最长几年?"), Turn("assistant", "并购贷款:贷款期限最长可达10年。", ("wuhan/4",))]
    q = tiny_assistant.understand("知识价值信用贷款也是10年吧?", history)
    assert q.followup and "最长" in q.resolved
    assert cited(tiny_assistant.ask("知识价值信用贷款也是10年吧?", history))[:1] == ["wuhan/3"]


def test_an_ordinal_picking_a_section_heading_asks_of_the_measures_under_it(tiny_assistant):
    history = [Turn("user", "武汉方案主要任务分几大行动?"),
               Turn("assistant", "两大行动:(一)实施耐心资本培育行动;(二)实施科技信贷提质行动。")]
    assert tiny_assistant.understand("第二个行动里面贷款期限最长几年?", history).references == ("wuhan/3", "wuhan/4")
    # a heading said without its 实施…行动, in another language; its words say which measures, not what is asked
    listed = [Turn("user", "What are the Wuhan plan's action groups?"),
              Turn("assistant", "1. Patient capital (耐心资本培育)\n2. Tech credit (科技信贷提质)")]
    q = tiny_assistant.understand("Under the second one, how long can the loan run?", listed)
    assert q.references == ("wuhan/3", "wuhan/4") and q.names == ()


@pytest.mark.parametrize("question", ["那它前面一项,牵头的是哪家?", "往前那一条谁负责?"])
def test_the_row_before_the_one_talked_of_is_stepped_back_to_however_it_is_pointed_at(tiny_assistant, question):
    item_4 = [Turn("user", "武汉方案第四条讲什么?"), Turn("assistant", "第4条:……")]
    assert cited(tiny_assistant.ask(question, item_4)) == ["wuhan/3"]


def test_the_latter_of_two_rows_talked_of_is_no_step_to_the_next_row(tiny_assistant):
    assert cited(tiny_assistant.ask("后面这一项有哪些责任单位?", ROWS)) == ["hubei/annex-2"]


@pytest.mark.parametrize("question", ["那另一份文件里呢?", "嗰個比例 is it the same in the other plan?"])
def test_the_other_plan_pointed_at_in_a_new_chat_is_asked_back_however_mixed_the_language(tiny_assistant, question):
    from dataclasses import replace

    from assistant.language.text import to_simplified

    answer = tiny_assistant.ask(question)  # (a Traditional asker is asked back in Traditional)
    assert is_question_back(replace(answer, text=to_simplified(answer.text)), ZH)
    assert not answer.refused and answer.citations == ()


def test_one_plan_and_the_other_set_side_by_side_is_no_pointer_back(tiny_assistant):
    answer = tiny_assistant.ask("这两份文件的目标,一份定到了哪年、另一份又定到了哪年?")
    assert not is_question_back(answer, ZH) and {"wuhan/goals", "hubei/goals"} <= set(cited(answer))


def test_a_follow_up_asking_its_own_question_of_its_own_subject_does_not_take_the_turn_befores_ask(tiny_assistant):
    history = [Turn("user", "武汉方案哪天印发的"), Turn("assistant", "2025年6月7日,武汉市人民政府办公厅印发。")]
    assert cited(tiny_assistant.ask("那个基金矩阵是怎么打造的来着", history)) == ["wuhan/2"]
    assert cited(tiny_assistant.ask("那湖北的呢?", history)) == ["hubei/preamble"]  # an ellipsis keeps the ask


def test_the_middle_one_of_three_listed_is_the_second(tiny_assistant):
    history = [Turn("user", "武汉方案第1到3条分别讲什么?"),
               Turn("assistant", "第1条:强化政府投资基金引导作用;第2条:拓宽科技创新长期资本来源;第3条:创新推广科技信贷产品。")]
    assert cited(tiny_assistant.ask("中间那条的责任单位有哪些?", history)) == ["wuhan/2"]


def test_rows_asked_for_by_a_range_and_listed_by_bare_numbers_stay_rows_when_one_is_picked(tiny_assistant):
    history = [Turn("user", "湖北方案分工表第1到3项分别是什么?"),
               Turn("assistant", "第1项:探索校友贷、校友投;第2项:建立专家库和人才库;第3项:深化知识价值信用贷款改革。")]
    assert tiny_assistant.understand("它们谁牵头?", history).prior_units == ("hubei/annex-1", "hubei/annex-2", "hubei/annex-3")
    assert cited(tiny_assistant.ask("中间那项谁牵头?", history)) == ["hubei/annex-2"]  # row 2, not measure 2


# enumerations: what an ordinal counts over

def test_first_and_next_said_as_shouxian_and_qici_pick_those_items(tiny_assistant):
    history = [Turn("user", "湖北方案第1条讲了什么?"),
               Turn("assistant", "首先,探索“校友贷”“校友投”等特色金融模式;其次,建立科技金融专家库和科技金融人才库。")]
    assert cited(tiny_assistant.ask("你说的首先那块谁牵头?", history)) == ["hubei/annex-1"]
    assert cited(tiny_assistant.ask("其次那点谁牵头?", history)) == ["hubei/annex-2"]


def test_a_sentence_after_a_list_of_circled_items_one_a_line_is_no_item(tiny_assistant):
    history = [Turn("user", "武汉方案第1条提到哪些基金?"),
               Turn("assistant", "①政府投资基金\n②种子基金\n③天使基金\n目标是打造科技创新基金矩阵。")]
    assert tiny_assistant.understand("最后一个呢?", history).resolved.startswith("呢?(天使基金)")


def test_a_table_row_naming_a_unit_is_that_unit_for_a_pronoun_asking_what_it_leads(tiny_assistant):
    history = [Turn("user", "Which units sign the Hubei plan?"),
               Turn("assistant", "| # | 单位 |\n|---|---|\n| 1 | 湖北省科学技术厅 |\n| 2 | 中共湖北省委金融委员会办公室 |")]
    q = tiny_assistant.understand("The last one on that table — 它牵头的有哪些事项?", history)
    assert q.intent == "unit_lookup" and q.units_named == ("省委金融办",)


def test_someone_elses_figure_and_a_request_to_check_the_text_check_what_the_reply_said(tiny_assistant):
    history = [Turn("user", "武汉到2027年要设立多少家科技金融专营机构?"),
               Turn("assistant", "到2027年设立科技金融专营机构100家以上。")]
    q = tiny_assistant.understand("是100家吗?我们科长说是50家,你对一下原文", history)
    assert q.followup and "专营机构" in q.resolved
    assert cited(tiny_assistant.ask("是100家吗?我们科长说是50家,你对一下原文", history)) == ["wuhan/goals"]


def test_a_compounds_first_part_with_a_subject_of_its_own_is_asked_on_its_own_and_the_second_of_it(tiny_assistant):
    history = [Turn("user", "武汉的专营机构目标是多少?"), Turn("assistant", "到2027年设立科技金融专营机构50家以上。")]
    # read whole, it leaned on the turn before and asked only who is responsible
    answer = tiny_assistant.ask("控股型并购比例多少,这条的责任单位里有没有市委金融办", history)
    assert cited(answer) == ["wuhan/4"] and lines(answer)[0] == "《武汉市行动方案》第4条:对于控股型并购,贷款占并购交易额比例最高可达到80%[1]。"
    assert " | " in dict(answer.trace)["resolved"]  # two parts, each understood


def test_an_ordinal_after_a_reply_enumerating_what_was_asked_for_in_running_text_counts_over_it(tiny_assistant):
    history = [Turn("user", "湖北方案第2条里那几个“联动”都有哪些?"),
               Turn("assistant", "开展投贷联动、股债联动、保投联动等创新业务,并探索完善联动机制。")]
    assert tiny_assistant.understand("倒数第二个谁牵头?", history).resolved.startswith("谁牵头?(股债联动)")


def test_going_back_to_a_list_named_in_other_words_counts_over_that_list(tiny_assistant):
    history = [Turn("user", "What does the Wuhan plan offer for loans?"), Turn("assistant", "①知识价值信用贷款\n②并购贷款"),
               Turn("user", "And the Hubei talent hub?"), Turn("assistant", "校友贷、校友投等特色金融模式。")]
    # "the loan list" is the exchange whose words say 贷款, two exchanges back
    assert cited(tiny_assistant.ask("Go back to the loan list — the second one, who is responsible?", history)) == ["wuhan/4"]


def test_a_plan_switch_with_a_specific_subject_of_its_own_is_not_led_by_the_words_carried_over(offline_assistant):
    history = [Turn("user", "园区贷是谁跟谁联合推"), Turn("assistant", "方案写的是鼓励政府性融资担保机构联合银行机构、各区推广。")]
    answer = offline_assistant.ask("好 那省里八部门那份在担保这块有什么新提法没有", history)
    # the guarantee rows, not row 31's 联合开展跨区域科技金融对接活动
    assert "hubei/annex-52" in cited(answer) and "hubei/annex-31" not in cited(answer)


def test_a_bare_plan_switch_asks_the_other_plan_what_the_turn_before_asked(tiny_assistant):
    history = [Turn("user", "湖北方案有没有提校友贷?"), Turn("assistant", "有,湖北方案第1条探索“校友贷”“校友投”。")]
    answer = tiny_assistant.ask("武汉方案呢?", history)  # whether the Wuhan plan mentions it: it never does
    assert answer.refused and answer.citations == () and "校友" in answer.text
    # asked what it says, a bare switch finds the other plan's clause as before
    said = [Turn("user", "湖北方案里知识价值信用贷款怎么说?"), Turn("assistant", "深化科技型企业知识价值信用贷款改革。")]
    assert cited(tiny_assistant.ask("武汉方案呢?", said)) == ["wuhan/3"]


def test_the_third_part_counts_over_the_parts_listed_never_a_clause_number(tiny_assistant):
    history = [Turn("user", "湖北工作方案的结构是怎样的？"),
               Turn("assistant", "正文分三部分：一、强化武汉科技金融中心功能定位；二、重构功能完备的科技金融服务体系；三、切实强化服务保障。")]
    assert cited(tiny_assistant.ask("第三部分的主要内容是什么？", history))[0] == "hubei/safeguards"


def test_asked_what_a_plan_does_on_a_matter_the_clause_about_it_answers_not_one_listing_products(offline_assistant):
    # "有什么新动作" asks what is done, not which kinds: 第24项's 科技人才贷、…、创业担保贷、共赢贷 lists no 担保 measures
    answer = offline_assistant.ask("湖北的方案在担保方面有什么新动作？")
    assert cited(answer)[0] in ("hubei/22", "hubei/annex-52")
    # asked which kinds there are, a clause listing them comes first
    assert cited(offline_assistant.ask("湖北方案里科技信贷产品有哪些？"))[0] in ("hubei/12", "hubei/annex-24")


def test_a_clause_said_by_its_number_counts_over_a_numbered_list_that_holds_no_such_clause(offline_assistant):
    history = [Turn("user", "湖北方案“重构政府引导基金体系”下有几条？"),
               Turn("assistant", "四条：17. 打造具有全国影响力的风投创投中心；18. 培育高质量创投机构；19. 优化创业投资基金落地保障服务；"
                                 "20. 完善机构项目对接机制。")]
    assert cited(offline_assistant.ask("第二条的主要内容？", history))[0] == "hubei/18"
    # a list that holds the clause said is no list to count over: 第18条 is item 18
    assert cited(offline_assistant.ask("第18条的主要内容？", history))[0] == "hubei/18"
    assert cited(offline_assistant.ask("第二条的主要内容？", history[:1]))[0] in ("hubei/2", "wuhan/2")


def test_setting_the_other_plans_matter_against_the_one_discussed_compares_the_two_plans(offline_assistant):
    history = [Turn("user", "武汉方案里份额转让试点在哪做"), Turn("assistant", "第4条：推动武汉股权托管交易中心开展私募股权和创业投资份额转让试点。")]
    answer = offline_assistant.ask("跟省里的份额转让安排比呢", history)
    docs = {uid.split("/")[0] for uid in cited(answer)}
    assert docs == {"wuhan", "hubei"} and "武汉股权托管交易中心" in answer.text and "份额转让平台" in answer.text
    # "是一回事吗" sets two figures against each other: both clauses
    cap = [Turn("user", "武汉方案单户在保余额上限调整前后是多少"), Turn("assistant", "从1000万元提高至3000万元。")]
    both = offline_assistant.ask("这个1000万和知识产权质押贷款那个1000万元是一回事吗", cap)
    assert set(cited(both)) >= {"wuhan/8", "wuhan/16"}


def test_asked_what_a_plan_says_failing_a_figure_a_task_row_answers_in_its_measures_words(offline_assistant):
    history = [Turn("user", "武汉方案里政府投资基金参与种子基金、天使基金的出资比例提到多少?"),
               Turn("assistant", "提高至50%以上,参与设立的创业投资基金存续期最长可达15年(第1条)。")]
    answer = offline_assistant.ask("那 Hubei 的 plan 有没有 specify 出资比例? 没有的话说说它相关的提法", history)
    assert not answer.refused and cited(answer)[0] == "hubei/19"


def test_going_back_to_the_askers_own_list_counts_over_it_even_when_the_question_names_something(tiny_assistant):
    history = [Turn("user", "我想引用武汉方案的三点:(一)出资比例;(二)并购贷款期限;(三)知识价值信用贷款额度。第一点是多少?"),
               Turn("assistant", "政府投资基金参与种子基金、天使基金的出资比例提高至50%以上。"),
               Turn("user", "湖北方案有校友贷吗?"), Turn("assistant", "有,湖北方案第1条探索“校友贷”“校友投”。")]
    q = tiny_assistant.understand("回到我列的第二点,并购贷款那个原文是怎么写的", history)
    assert "(并购贷款期限)" in q.resolved and q.references == ()


def test_a_list_of_the_size_said_further_back_is_counted_over_not_the_latest_one(tiny_assistant):
    history = [Turn("user", "湖北方案第2条列了哪些基金?"),
               Turn("assistant", "五种:1.种子基金 2.天使基金 3.产业基金 4.并购基金 5.S基金。"),
               Turn("user", "这一项谁牵头"),
               Turn("assistant", "牵头单位是省科技厅,责任单位包括省委金融办、人行湖北省分行、省财政厅、湖北金融监管局、湖北证监局。")]
    assert "(产业基金)" in tiny_assistant.understand("前面那五个里的第三个,武汉方案里有吗?", history).resolved


def test_an_item_pointed_at_names_only_what_it_names_not_the_rest_of_its_list(offline_assistant):
    history = [Turn("user", "省里方案第二部分重构了哪几个体系?"),
               Turn("assistant", "三个:(一)重构政府引导基金体系;(二)重构政府公共征信体系;(三)重构企业挂牌上市引导服务体系。"),
               Turn("user", "这个方案是几个部门联合印发的?"), Turn("assistant", "省委金融办等八部门联合印发。")]
    q = offline_assistant.understand("好。回到前面说的第三个体系,每年要精选多少家企业重点培育?", history)
    assert "(重构企业挂牌上市引导服务体系)" in q.resolved and "政府引导基金" not in q.names


def test_a_subject_of_its_own_set_against_the_one_discussed_is_answered_first_then_the_other(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "最长3年期。")]
    answer = tiny_assistant.ask("那跟控股型并购的贷款期限比,哪个长?", history)
    assert cited(answer) == ["wuhan/4", "wuhan/3"] and "10年" in lines(answer)[0] and "3年期" in lines(answer)[1]
    # a question naming a plan is asked of that plan, not set against the turn
    assert "wuhan/4" not in cited(tiny_assistant.ask("湖北方案里跟这个比有没有类似的?", history))


def test_a_row_said_over_a_table_the_reply_showed_is_that_row_not_the_task_tables(tiny_assistant):
    table = [Turn("user", "武汉方案有哪些贷款产品?给我列个表"),
             Turn("assistant", "| 产品 | 出处 |\n|---|---|\n| 知识价值信用贷款 | 第3条 |\n| 并购贷款 | 第4条 |")]
    q = tiny_assistant.understand("table 第二行那个具体是什么", table)
    assert "(并购贷款)" in q.resolved and q.references != ("hubei/annex-2",)


def test_the_other_plan_pointed_at_after_small_talk_only_is_asked_back(tiny_assistant):
    greeting = [Turn("user", "你好"), Turn("assistant", "你好!我可以解答两份方案的问题。")]
    assert tiny_assistant.ask("咁另外嗰份方案點講？", greeting).refused is False
    assert tiny_assistant.ask("咁另外嗰份方案點講？", greeting).citations == ()


def test_asking_whether_one_unit_alone_handles_this_clause_asks_who_is_responsible(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "最长3年期。", ("wuhan/3",))]
    assert tiny_assistant.understand("这条是市科技创新局一家管吗 还有谁", history).intent == "responsible_units"


def test_going_back_to_your_first_list_picks_the_item_and_the_list_names_no_subject(tiny_assistant):
    history = [Turn("user", "How is the Wuhan plan's credit part structured?"),
               Turn("assistant", "Three systems: (一) government funds, measure 1; (二) long-term capital, measure 2; "
                                 "(三) credit products, measures 3–4."),
               Turn("user", "What does the second one rely on?"), Turn("assistant", "Insurers' and pension money.")]
    q = tiny_assistant.understand("Going back to your first list: under the third system, what is the longest term?", history)
    assert "(credit products, measures 3–4.)" in q.resolved and "first list" not in q.resolved
    assert cited(tiny_assistant.ask("Going back to your first list: under the third system, what is the longest term?",
                                    history))[0] in ("wuhan/3", "wuhan/4")


def test_an_ordinal_over_an_english_series_asked_for_picks_its_item(tiny_assistant):
    history = [Turn("user", "What are the three loan products the Wuhan plan names?"),
               Turn("assistant", "Knowledge-value credit loans (知识价值信用贷款), M&A loans (并购贷款), and alumni loans.")]
    assert "(M&A loans (并购贷款))" in tiny_assistant.understand("And the second one: how long can it run?", history).resolved


def test_a_clause_named_beside_a_pointer_at_what_was_said_is_set_against_it(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "最长3年期。")]
    answer = tiny_assistant.ask("Compare that term with the term in measure 4: which is longer?", history)
    assert cited(answer)[:2] == ["wuhan/4", "wuhan/3"]


def test_an_english_compound_whose_first_part_points_back_is_answered_part_by_part(tiny_assistant):
    history = [Turn("user", "What does the Wuhan plan do for M&A?"), Turn("assistant", "Measure 4 supports M&A loans.", ("wuhan/4",))]
    answer = tiny_assistant.ask("Who is responsible for those loans, and which plan talks of 校友贷?", history)
    assert cited(answer) == ["wuhan/4", "hubei/annex-1"]


def test_a_later_part_asking_the_other_plan_is_asked_of_the_plan_the_first_part_did_not_find(tiny_assistant):
    answer = tiny_assistant.ask("哪个方案提到并购贷款？另一个方案里那些校友金融模式叫什么？")
    assert cited(answer)[0] == "wuhan/4" and "校友贷" in lines(answer)[1]  # each part led by its own answer


def test_asked_whether_it_comes_up_elsewhere_the_clause_just_cited_is_no_answer(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最高能贷多少?"), Turn("assistant", "最高1000万元。", ("wuhan/3",))]
    answer = tiny_assistant.ask("Does it come up again elsewhere in the plans?", history)
    assert cited(answer)[:1] in (["hubei/2"], ["hubei/annex-3"])


def test_a_bare_task_number_in_a_reply_on_one_plan_is_that_plans_item(tiny_assistant):
    history = [Turn("user", "What does the Wuhan plan do for long-term capital?"),
               Turn("assistant", "Task 2: insurers' money joins equity investment pilots."),
               Turn("user", "Anything on a fund matrix?"), Turn("assistant", "Yes, in the same task.")]
    q = tiny_assistant.understand("Which bodies are responsible for that task?", history)
    assert "wuhan/2" in q.anchor and "hubei/2" not in q.anchor


def test_the_latter_of_two_things_joined_by_he_is_picked_when_the_asker_says_there_were_two(tiny_assistant):
    history = [Turn("user", "省里办了哪些活动?"),
               Turn("assistant", "持续开展知识产权融资“入园惠企”和专精特新中小企业“一月一链”投融资路演活动。"),
               Turn("user", "4222担保是市里的吗?"), Turn("assistant", "是武汉方案的。")]
    q = tiny_assistant.understand("刚刚那两个活动,后面那个是针对什么企业的", history)
    assert "一月一链" in q.resolved and "入园惠企" not in q.resolved


def test_a_lists_bracketed_letter_said_back_picks_its_item_past_an_exchange_listing_nothing(tiny_assistant):
    history = [Turn("user", "List the Wuhan plan's loan products."),
               Turn("assistant", "(a) knowledge-value credit loans; (b) M&A loans (并购贷款)."),
               Turn("user", "Is there a rate?"), Turn("assistant", "No rate is stated.")]
    assert "并购贷款" in tiny_assistant.understand("Just give me the longest term for (b).", history).resolved


def test_a_claim_about_what_the_assistant_said_with_nothing_said_is_asked_back(tiny_assistant):
    assert is_question_back(tiny_assistant.ask("You said 50% earlier, right?"), PHRASES["en"])
    assert not tiny_assistant.ask("The Wuhan plan raises the contribution share to 50%, right?").refused


def test_the_other_plans_clause_on_the_matter_discussed_is_the_one_sharing_most_of_its_rarer_words(tiny_corpus):
    from assistant.answer.select import counterpart

    assert counterpart(tiny_corpus.unit("wuhan/3"), "hubei", tiny_corpus).id == "hubei/2"  # 知识价值信用贷款
    assert counterpart(tiny_corpus.unit("hubei/2"), "wuhan", tiny_corpus).id == "wuhan/3"
    assert counterpart(tiny_corpus.unit("wuhan/4"), "hubei", tiny_corpus) is None  # 并购: Hubei has no such clause


def test_a_comparison_leaning_on_the_clause_discussed_sets_it_against_the_other_plans_clause_on_it(tiny_assistant):
    history = [Turn("user", "知识价值信用贷款最长几年?"), Turn("assistant", "武汉方案第3条:最长3年期。", ("wuhan/3",))]
    assert cited(tiny_assistant.ask("湖北那条有啥是武汉这条没有的?", history)) == ["wuhan/3", "hubei/2"]


def test_a_question_asking_each_plan_in_a_piece_of_its_own_is_read_per_plan(tiny_corpus):
    from assistant.understand.question import asked_of_each_plan

    asked = asked_of_each_plan("两个方案在贷款上各有哪些提法？武汉那个带数字的期限是多久，省里要建什么库", tiny_corpus)
    assert asked == {"wuhan": "两个方案在贷款上各有哪些提法?武汉那个带数字的期限是多久,",
                     "hubei": "两个方案在贷款上各有哪些提法?省里要建什么库"}
    # one plan asked alone, or a plan only named beside a question about the other: the plans are asked alike
    assert asked_of_each_plan("债券市场科技板两个方案都怎么落地的？省里说要建个什么库", tiny_corpus) == {}
    assert asked_of_each_plan("湖北方案在人才上，跟武汉的贷款相比，强调的是什么？", tiny_corpus) == {}
    assert asked_of_each_plan("两个方案的担保上限有什么不同？", tiny_corpus) == {}


def test_a_piece_naming_both_plans_and_asking_each_gives_each_plan_its_words(tiny_corpus):
    from assistant.understand.question import asked_of_each_plan

    asked = asked_of_each_plan("核实一下：武汉方案的活动品牌和湖北方案的路演平台分别叫什么？", tiny_corpus)
    assert asked == {"wuhan": "核实一下:武汉方案的活动品牌分别叫什么?", "hubei": "核实一下:湖北方案的路演平台分别叫什么?"}
    # both plans asked alike, no words of each their own: one question
    assert asked_of_each_plan("武汉和湖北分别怎么支持并购？", tiny_corpus) == {}


def test_each_plan_named_by_its_place_and_asked_each_sets_both_side_by_side(tiny_assistant):
    q = tiny_assistant.understand("上市培育这块，武汉的金种子分层和湖北的上市计划分别是怎么安排的？")
    assert q.docs == ("wuhan", "hubei") and q.intent == "comparison"
    # 武汉 opening the other plan's title words (武汉科技金融中心) names no Wuhan plan
    assert tiny_assistant.understand("湖北方案里武汉科技金融中心的建设目标分别是什么？").docs == ("hubei",)


def test_a_pasted_quotation_is_context_and_the_question_after_it_is_what_is_asked(tiny_assistant):
    q = tiny_assistant.understand("以下是某区发布的通稿片段：“我区将全力对接行动方案，力争为全市股权投资基金规模突破目标贡献力量，"
                                  "推动更多企业上市。”请问行动方案里股权投资基金规模的目标是多少？")
    assert q.intent == "targets"
    assert tiny_assistant.understand("以下是某区发布的通稿片段，这是哪个单位发布的？").intent == "document_info"


def test_a_unit_checked_against_the_clause_pointed_at_is_told_whether_it_is_listed(tiny_assistant):
    history = [Turn("user", "武汉第3条讲了什么"), Turn("assistant", "武汉方案第3条:知识价值信用贷款最长3年期。", ("wuhan/3",))]
    assert lines(tiny_assistant.ask("这条的责任单位里有没有市财政局？", history))[0] == (
        "《武汉市行动方案》第3条列出的单位中没有这个单位;负责的是市委金融办、市科技创新局、汉口银行[1]。")
    assert lines(tiny_assistant.ask("这条的责任单位包括市科技创新局吗？", history))[0].startswith("市科技创新局是")


def test_an_item_counted_from_the_end_of_a_table_shown_is_that_row_never_a_clause_number(tiny_assistant):
    history = [Turn("user", "武汉方案前四条是哪些?"),
               Turn("assistant", "| 条目 | 标题 |\n|---|---|\n| 1 | 强化政府投资基金引导作用 |\n| 2 | 拓宽科技创新长期资本来源 |\n"
                                 "| 3 | 创新推广科技信贷产品 |\n| 4 | 支持科技型企业并购重组 |")]
    q = tiny_assistant.understand("表格里倒数第二条最长贷几年?", history)
    assert q.text.endswith("(创新推广科技信贷产品)") and cited(tiny_assistant.ask("表格里倒数第二条最长贷几年?", history)) == ["wuhan/3"]


def test_who_drives_a_whole_plan_asked_after_a_product_is_its_safeguards_not_the_product(tiny_assistant):
    answer = tiny_assistant.ask("行。那整个武汉这个行动方案的推进机制是由哪两个部门牵头", LOAN_AMOUNT)
    assert cited(answer) == ["wuhan/safeguards"] and "市委金融办、市科技创新局" in lines(answer)[0]



def test_two_parts_each_naming_its_plan_are_each_answered_as_a_follow_up(tiny_assistant):
    history = [Turn("user", "省里的知识价值信用贷款改革怎么写的"),
               Turn("assistant", "湖北分工表第3项:深化科技型企业知识价值信用贷款改革。", ("hubei/annex-3",))]
    answer = tiny_assistant.ask("省里这项谁牵头？武汉方案里对应的贷款最高额度是多少？", history)
    assert cited(answer)[:2] == ["hubei/annex-3", "wuhan/3"]
    assert "省科技厅" in answer.text and "1000万元" in answer.text


def test_a_clause_number_over_a_reply_listing_points_is_the_point_that_says_what_is_asked(offline_assistant):
    history = [Turn("user", "武汉方案第7条讲了哪几方面"),
               Turn("assistant", "一是用好科技创新和技术改造再贷款工具;二是推广供应链金融服务;三是拓展首贷、信用贷。")]
    # the plan's item 2 says nothing of supply-chain finance; the second point listed does
    assert cited(offline_assistant.ask("第二条里，供应链金融由谁来推广？", history))[0] == "wuhan/7"
    # a clause number whose clause says what is asked stays that clause
    assert cited(offline_assistant.ask("第二条里，AIC股权投资试点怎么说？", history))[0] == "wuhan/2"


def test_an_ordinal_counts_over_a_table_pasted_without_its_rule_line(offline_assistant):
    history = [Turn("user", "湖北方案第5条在分工表里拆成了哪几项？"),
               Turn("assistant", "| 序号 | 工作事项 |\n| 8 | 校友金融服务站 |\n| 9 | 科技金融专家库和人才库 |\n"
                                 "| 10 | 培养科技金融复合型人才 |")]
    assert cited(offline_assistant.ask("第三项谁牵头？", history))[0] == "hubei/annex-10"


def test_two_rows_pointed_at_are_set_side_by_side_by_who_leads_each(offline_assistant):
    history = [Turn("user", "分工表第61项和第62项分别是什么"),
               Turn("assistant", "第61项：建立省级层面统筹推进机制。第62项：武汉市建立常态化的工作推进机制。")]
    answer = offline_assistant.ask("这两项的牵头单位一样吗？", history)
    assert cited(answer)[:2] == ["hubei/annex-61", "hubei/annex-62"]
    assert "省委金融办、省科技厅" in lines(answer)[0] and "武汉市" in lines(answer)[0]


def test_pointing_at_the_two_just_discussed_naming_nothing_new_compares_them_not_a_subject_of_its_own(offline_assistant):
    history = [Turn("user", "两份方案都提到共保体吗"),
               Turn("assistant", "武汉第15条：探索组建集成电路、新能源、生物医药等重点产业共保体。湖北第7条：组建生命健康、集成电路、光电子信息三大产业共同体。")]
    answer = offline_assistant.ask("两份讲的行业有什么不同？", history)
    assert set(cited(answer)[:2]) == {"wuhan/15", "hubei/7"}


def test_a_row_asked_whether_a_unit_leads_and_who_else_is_responsible_gives_the_rows_units(offline_assistant):
    history = [Turn("user", "分工表第28项是中碳登吧"), Turn("assistant", "对，第28项：充分发挥“中碳登”平台作用。")]
    answer = offline_assistant.ask("这项是人行湖北省分行牵头吗？还有哪些责任单位？", history)
    assert cited(answer) == ["hubei/annex-28"] and "省生态环境厅" in answer.text


def test_a_claim_of_who_leads_the_row_discussed_is_checked_against_that_row(offline_assistant):
    history = [Turn("user", "分工表第18项并购贷款试点谁牵头"), Turn("assistant", "由省委金融办单独牵头。")]
    answer = offline_assistant.ask("应该是省委金融办一家牵头的吧？", history)
    assert cited(answer) == ["hubei/annex-18"] and "湖北金融监管局" in lines(answer)[0]


def test_asked_what_the_plan_says_if_it_does_not_write_the_detail_the_clause_is_quoted(offline_assistant):
    answer = offline_assistant.ask("4222各方分担比例是多少，方案写了吗？没写的话关于反担保怎么说？")
    assert not answer.refused and cited(answer) == ["wuhan/16"] and "反担保" in lines(answer)[1]


def test_one_figure_asked_as_a_multiple_of_another_sets_both_side_by_side(offline_assistant):
    history = [Turn("user", "武汉知识价值信用贷款最高多少？担保单户在保余额上限呢？"),
               Turn("assistant", "信用贷款最高额度1000万元（第8条）；单户在保余额上限提高至3000万元（第16条）。")]
    assert set(cited(offline_assistant.ask("担保的单户上限是信用贷额度的多少倍？", history))) >= {"wuhan/8", "wuhan/16"}


def test_who_leads_a_row_asked_with_what_it_does_leads_with_both_outside_the_quotation(offline_assistant):
    first = lines(offline_assistant.ask("湖北方案有没有提到科创债融资项目库？由哪个部门牵头？"))[0]
    assert "「" not in first and "科创债融资项目库" in first and "人行湖北省分行" in first
    # asked only who leads a row (and who else takes part), its line answers with every unit as before
    assert lines(offline_assistant.ask("湖北分工表第57项谁牵头？"))[0].count("「") == 1
    assert lines(offline_assistant.ask("建立科创债融资项目库是哪个部门牵头？还有谁参与？"))[0].count("「") == 1
    # whether a unit takes part is asked of the row's units, not of the matter
    assert lines(offline_assistant.ask("科技金融风险监测预警那项谁牵头？省公安厅有没有参与？"))[0].count("「") == 1


def test_asked_how_a_plan_puts_a_matter_the_lead_says_all_its_sentences_on_it_say(offline_assistant):
    history = [Turn("user", "武汉方案的政府性融资担保主要讲了什么？"),
               Turn("assistant", "第16条：推广科技担保“4222”新型政银担合作体系；推广纯信用担保。", ("wuhan/16",))]
    first = lines(offline_assistant.ask("那省里在担保体系上又是怎么说的？", history))[0]
    # the matter's words stand in one sentence of the clause; its other sentences on guarantees are the answer too
    assert "专项担保计划" in first and "中部担保协会联盟" in first


def test_asked_by_how_much_one_figure_exceeds_the_other_both_exchanges_are_set_side_by_side(offline_assistant):
    history = [Turn("user", "How long can a venture fund set up with Wuhan government money last?"),
               Turn("assistant", "Up to 15 years (task 1)."),
               Turn("user", "And an M&A loan's tenor?"),
               Turn("assistant", "Up to 10 years for controlling-stake deals (task 11).")]
    answer = offline_assistant.ask("So the fund's term exceeds the loan's by how many years?", history)
    assert {"wuhan/1", "wuhan/11"} <= set(cited(answer))



def test_a_pronoun_asking_whether_the_thing_appears_in_the_other_plan_is_answered_from_it(offline_assistant):
    history = [Turn("user", "共赢贷是什么"), Turn("assistant", "武汉方案第8条：创新“共赢贷”产品。")]
    answer = offline_assistant.ask("它在省里的方案里也出现了吗", history)
    # "出现" asks whether it is there, it is no subject the other plan lacks
    assert not answer.refused and cited(answer)[0] in ("hubei/12", "hubei/annex-24")


def test_a_claim_naming_only_a_figure_the_last_reply_gave_is_checked_against_that_clause(offline_assistant):
    history = [Turn("user", "担保上限"), Turn("assistant", "武汉第16条：单户在保余额上限从1000万元提高至3000万元。")]
    question = "帮我确认一下 是提高到3000万元对吧？要写进简报"
    q = offline_assistant.understand(question, history)
    assert q.followup and q.prior_units == ("wuhan/16",)
    answer = offline_assistant.ask(question, history)
    assert not answer.refused and cited(answer) == ["wuhan/16"]


def test_an_item_pointed_at_by_the_lists_own_marker_word_is_that_item(offline_assistant):
    history = [Turn("user", "武汉方案里有哪些跟贷款有关的做法"), Turn("assistant", "要点：一是知识价值信用贷款；二是园区贷；三是并购贷款。")]
    assert cited(offline_assistant.ask("二是谁来推", history)) == ["wuhan/16"]


def test_a_clause_named_without_its_plan_is_set_against_the_thing_just_discussed(offline_assistant):
    history = [Turn("user", "武汉第1条创投基金存续期多长？"), Turn("assistant", "最长可达15年。")]
    answer = offline_assistant.ask("同第11条并购贷款期限比，哪个长？", history)
    assert set(cited(answer)) == {"wuhan/1", "wuhan/11"}
    assert "15年" in lines(answer)[0] + lines(answer)[1] and "10年" in lines(answer)[0] + lines(answer)[1]


def test_which_of_the_two_just_discussed_compares_them(offline_assistant):
    history = [Turn("user", "Wuhan task 14 on the Donghu insurance zone?"), Turn("assistant", "Insurers set up innovation centres there."),
               Turn("user", "And Hubei measure 7?"), Turn("assistant", "It forms three industry groups.")]
    answer = offline_assistant.ask("So which of the two has a numeric target?", history)
    assert {"wuhan/14", "hubei/7"} <= set(cited(answer))


def test_a_comparison_follow_up_compares_the_clauses_it_leans_on_though_its_context_names_other_words(offline_assistant):
    history = [Turn("user", "共保体这个概念两份文件都有吗"),
               Turn("assistant", "都有。武汉第15条探索组建重点产业共保体；湖北第7条组建三大产业共同体。")]
    answer = offline_assistant.ask("那 industry coverage 两边有什么区别?我们 reinsurance 那边要按行业分配额度", history)
    assert cited(answer)[:2] == ["wuhan/15", "hubei/7"]


def test_asked_in_which_other_task_a_listed_unit_appears_the_clause_discussed_is_left_out(offline_assistant):
    history = [Turn("user", "武汉方案第7条信贷投放那条谁负责？"),
               Turn("assistant", "责任单位：市委金融办、市科技创新局、市经信局、市发改委、各区人民政府。")]
    answer = offline_assistant.ask("市发改委除了这条，在哪项任务里也有？", history)
    assert cited(answer) == ["wuhan/5"]


def test_a_reply_quoting_a_clause_word_for_word_cites_it(offline_assistant):
    history = [Turn("user", "What formula does the Wuhan plan use for local government's role?"),
               Turn("assistant", "It says: “股权投资做引导、债权融资做增信、多层次资本市场公开募资做培育”.")]
    assert dialogue_state(history, offline_assistant.corpus).last_cited == ("wuhan/goals",)


def test_naming_only_the_other_plan_and_nothing_else_sets_the_clause_quoted_against_that_plans(offline_assistant):
    history = [Turn("user", "What formula does the Wuhan plan use for local government's role?"),
               Turn("assistant", "It says: “股权投资做引导、债权融资做增信、多层次资本市场公开募资做培育”.")]
    answer = offline_assistant.ask("Any difference in how the Hubei plan words it?", history)
    assert cited(answer)[:2] == ["wuhan/goals", "hubei/goals"]


@pytest.mark.parametrize("exchange", [
    ("Thanks, that's all for the memo.", "You're welcome, good luck with it."),
    ("Hi, I'm new on this project, just started this week.", "Welcome! Ask me anything about the Wuhan and Hubei plans."),
    # a plan named by its title ("武汉市…行动方案") names no unit (武汉市 leads a task in the table)
    ("你能回答哪些问题", "我可以回答武汉市科技金融行动方案和湖北省工作方案的问题,比如额度、责任单位。"),
])
def test_an_exchange_saying_nothing_of_the_plans_in_any_language_leaves_nothing_to_lean_on(tiny_assistant, exchange):
    history = [Turn("user", exchange[0]), Turn("assistant", exchange[1])]
    question = "And who is responsible for it?" if exchange[0].isascii() else "那这条谁负责"
    assert not tiny_assistant.understand(question, history).followup
    assert tiny_assistant.ask(question, history).citations == ()


def test_an_english_exchange_in_the_plans_own_terms_is_leaned_on(tiny_assistant):
    history = [Turn("user", "Is there a cap on merger loans?"), Turn("assistant", "Yes, there is one for controlling deals.")]
    assert tiny_assistant.understand("And who is responsible for it?", history).followup


def test_an_ordinal_opening_a_question_with_in_it_points_at_the_listed_item_whatever_the_question_names(tiny_assistant):
    history = [Turn("user", "武汉方案信贷这块有哪些要点"),
               Turn("assistant", "要点有:一是推广知识价值信用贷款;二是用好并购贷款试点政策;三是探索校友贷。")]
    q = tiny_assistant.understand("第二点里并购贷款最长几年?", history)
    assert q.references == () and "用好并购贷款试点政策" in q.resolved
    # "…的" inside the question is still the question's own ordinal
    assert "用好并购贷款试点政策" not in tiny_assistant.understand("并购贷款的第二点是什么?", history).resolved


def test_an_english_ordinal_of_those_counts_over_the_list_given(tiny_assistant):
    history = [Turn("user", "What are the three loan products the Wuhan plan names?"),
               Turn("assistant", "Knowledge-value credit loans (知识价值信用贷款), M&A loans (并购贷款), and alumni loans.")]
    q = tiny_assistant.understand("Going back: the second of those three, how long can it run?", history)
    assert "(M&A loans (并购贷款))" in q.resolved



def test_a_compound_asking_of_the_clause_discussed_then_who_leads_it_answers_both_from_that_clause(offline_assistant):
    history = [Turn("user", "省方案的国家技术转移中部中心是第几条?"), Turn("assistant", "第15条,对应分工表第30项。")]
    answer = offline_assistant.ask("它按什么原则建设?牵头单位是谁?", history)
    assert "政府主导" in answer.text and "省科技厅" in answer.text and not answer.refused
    # a first part asking of the units itself is read whole, as before
    history = [Turn("user", "湖北方案把楚天凤鸣基金定位成什么?"), Turn("assistant", "第18条:打造成为省创业投资基金母基金。")]
    answer = offline_assistant.ask("省人社厅在这件事里是牵头还是配合?牵头的又是谁?", history)
    assert "省财政厅" in answer.text.split("\n")[0]


def test_a_bare_place_word_opening_a_follow_up_names_the_plan_the_conversation_was_not_on(tiny_assistant):
    history = [Turn("user", "湖北校友贷是啥"), Turn("assistant", "湖北方案第1条:探索“校友贷”“校友投”等特色金融模式。")]
    assert tiny_assistant.understand("武汉的有吗", history).docs == ("wuhan",)
    # the place word of the plan talked of, or one naming the centre in the provincial plan's words, switches nothing
    assert tiny_assistant.understand("湖北的呢", history).docs != ("wuhan",)
    assert tiny_assistant.understand("那武汉科技金融中心呢", history).docs != ("wuhan",)


def test_a_unit_asked_of_the_clause_pointed_at_leaves_the_question_on_that_clause(tiny_assistant):
    history = [Turn("user", "武汉知识价值信用贷款最长几年"), Turn("assistant", "第3条:最长3年期、最高额度1000万元。")]
    q = tiny_assistant.understand("汉口银行在这条里面是责任单位吗 还有哪些", history)
    assert q.anchor == ("wuhan/3",) and q.intent == "responsible_units"
    # set beside the clause, it asks what else the unit does
    assert tiny_assistant.understand("汉口银行除了这条还参与了哪些", history).intent == "unit_lookup"


def test_an_ordinal_beside_a_name_the_listed_item_holds_counts_over_that_list(tiny_assistant):
    history = [Turn("user", "武汉信贷产品有哪些说法?"),
               Turn("assistant", "第3条有两点:1. 推广知识价值信用贷款模式;2. 发放最长3年期、最高额度1000万元的信用贷款。")]
    q = tiny_assistant.understand("第一点知识价值信用贷款,是给哪类企业的?", history)
    assert q.item == "推广知识价值信用贷款模式" and q.references == ()


def test_a_clause_number_over_a_list_numbered_from_one_is_the_item_at_that_place(tiny_assistant):
    history = [Turn("user", "省方案人才措施有哪些"),
               Turn("assistant", "第1条包括:1.探索校友贷;2.建立科技金融专家库;3.建立科技金融人才库。")]
    q = tiny_assistant.understand("第二条是谁牵头的?", history)
    assert q.item == "建立科技金融专家库" and q.references != ("hubei/2",)


def test_an_ordinal_whose_next_words_are_the_listed_items_is_that_item_though_the_table_is_named(tiny_assistant):
    history = [Turn("user", "省方案第1条讲了什么"),
               Turn("assistant", "第1条提到:(一)探索“校友贷”“校友投”等特色金融模式;(二)建立科技金融专家库和科技金融人才库。")]
    q = tiny_assistant.understand("第二项专家库那个,分工表是谁牵头?", history)
    assert q.item == "建立科技金融专家库和科技金融人才库"


def test_a_claim_of_the_figure_the_last_reply_gave_checks_that_reply(tiny_assistant):
    history = [Turn("user", "武汉方案贷款余额目标是多少"), Turn("assistant", "到2027年突破3000亿元。")]
    question = "确认一下，贷款余额目标是3000亿没错吧？我要写进文章里"
    assert tiny_assistant.understand(question, history).followup
    answer = tiny_assistant.ask(question, history=history)
    assert "5000亿元" in answer.text and [c.unit_id for c in answer.citations][:1] == ["wuhan/goals"]


def test_each_of_the_two_things_the_last_exchanges_were_about_asked_by_name_is_set_side_by_side(tiny_assistant):
    history = [Turn("user", "武汉的信用贷款最长几年"), Turn("assistant", "最长3年期。"),
               Turn("user", "并购的呢"), Turn("assistant", "贷款期限最长可达10年。")]
    answer = tiny_assistant.ask("信用贷款和并购的，期限各是多少？", history=history)
    assert [c.unit_id for c in answer.citations] == ["wuhan/3", "wuhan/4"]
    assert "3年期" in answer.text.split("\n")[0] and "10年" in answer.text.split("\n")[1]


def test_an_introduction_whose_reply_lists_figures_is_leaned_on(tiny_assistant):
    # the reply answered something: an ordinal after it counts over its list
    history = [Turn("user", "I'm an engineer from Bangalore. What does the city's plan aim for by 2027?"),
               Turn("assistant", "By 2027:\n1) 50+ specialised institutions;\n2) loan balance above 500 billion yuan.")]
    q = tiny_assistant.understand("the second one, the exact figure in Chinese?", history)
    assert q.followup and "loan balance" in q.item


def test_a_message_asking_who_leads_of_nothing_it_names_asks_of_the_item_discussed(tiny_assistant):
    history = [Turn("user", "省方案第2条讲什么"), Turn("assistant", "深化科技型企业知识价值信用贷款改革,归集共享信用信息数据。")]
    answer = tiny_assistant.ask("谁牵头 我们省委金融办在配合名单里吗", history=history)
    assert [c.unit_id for c in answer.citations] == ["hubei/annex-3"]


def test_figures_each_of_the_last_two_exchanges_gave_set_them_side_by_side(tiny_assistant):
    history = [Turn("user", "武汉的信用贷款最长几年"), Turn("assistant", "最长3年期。"),
               Turn("user", "并购的呢"), Turn("assistant", "贷款期限最长可达10年。")]
    answer = tiny_assistant.ask("一个3年一个10年 哪个说的是并购？别搞混", history=history)
    assert [c.unit_id for c in answer.citations] == ["wuhan/3", "wuhan/4"]


def test_a_pointer_after_small_talk_the_reply_declined_in_english_is_asked_back(tiny_assistant):
    history = [Turn("user", "Can you recommend a good hotpot place near the angel investors' club?"),
               Turn("assistant", "Sorry, restaurant tips are outside what I can help with. I answer questions "
                                 "about the Wuhan and Hubei sci-tech finance plans."),
               Turn("user", "fine lol. my wife says the food here is way too spicy"),
               Turn("assistant", "That's a common first reaction! Let me know if you have any policy questions.")]
    answer = tiny_assistant.ask("so how long is the term for that one?", history=history)
    assert not answer.refused and not answer.citations and answer.text.startswith("Which one do you mean?")


@pytest.mark.parametrize("question, docs", [
    ("这两份文件的成文日期分别是什么？省里那份文号多少", ("wuhan", "hubei")),  # the two documents, then one
    ("咁武漢市嗰份行動方案有冇類似嘅稅收優惠條款？我想兩邊對比下", ("wuhan",)),  # two sides: Wuhan is asked
])
def test_a_sentence_asking_of_the_two_documents_beside_one_naming_a_plan_asks_both(tiny_assistant, question, docs):
    assert tiny_assistant.understand(question).docs == docs
