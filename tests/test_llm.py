"""The optional model answerer: prompt, reply parsing, quotes, and the fallback end to end.

End-to-end tests talk real HTTP to a scripted OpenAI-compatible server (``chat_server``),
so the whole client stack runs; nothing in the client is patched.
"""

from __future__ import annotations

import threading
import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant import Assistant, ModelUnavailableError, Settings
from assistant.answer.llm import LLMAnswerer, best_quote, build_messages, citing_sentences, parse_reply
from assistant.answer.prompts import REFUSAL_MARKER
from assistant.types import Hit
from assistant.understand.question import Query

from conftest import ScriptedReply

QUESTION = "知识价值信用贷款最高能贷多少?"
WUHAN_8_TERMS = "推廣科技型企業知識價值信用貸款模式,為科技型企業發放最長3年期、最高額度1000萬元的信用貸款,政府按一定比例予以風險補償。"


def make_query(text: str, language: str = "zh", traditional: bool = False) -> Query:
    return Query(text=text, resolved=text, normalized=text, intent="general", language=language,
                 traditional=traditional)


def hits_for(corpus, *unit_ids: str) -> list[Hit]:
    return [Hit(corpus.unit(uid), 1.0 / (i + 1), "fused") for i, uid in enumerate(unit_ids)]


class RaisingChatModel:
    """A chat model whose every call fails like a refused connection."""

    def invoke(self, messages):
        raise ConnectionRefusedError("connection refused")


class StalledChatModel:
    """A chat model with no timeout of its own that never answers until released."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def invoke(self, messages):
        self.release.wait(30)
        return "太迟了"


# --- prompt ---------------------------------------------------------------------------


def test_prompt_carries_unit_ids_texts_and_the_question(corpus):
    messages = build_messages(make_query(QUESTION), [corpus.unit("wuhan/8"), corpus.unit("hubei/21")], corpus)
    (system_role, system), (user_role, user) = messages
    assert (system_role, user_role) == ("system", "user")
    assert REFUSAL_MARKER in system
    assert "[wuhan/8] 8.創新推廣科技信貸產品。" in user
    assert WUHAN_8_TERMS in user
    assert "[hubei/21] 21.激活数据增信价值。" in user
    assert f"问题:{QUESTION}" in user
    assert user.rstrip().endswith("请用简体中文回答。")


def test_prompt_gives_an_annex_rows_lead_and_responsible_units(corpus):
    _, (_, user) = build_messages(make_query("谁牵头组建湖北科技金融创新研究中心?"), [corpus.unit("hubei/annex-7")], corpus)
    assert "[hubei/annex-7] 组建湖北科技金融创新研究中心" in user
    assert "牵头单位:省科技厅;责任单位:人行湖北省分行、湖北金融监管局、湖北证监局、省委金融办" in user


def test_prompt_names_only_the_documents_of_the_units_given(corpus):
    _, (_, user) = build_messages(make_query(QUESTION), [corpus.unit("wuhan/8")], corpus)
    assert "wuhan = 《武汉市推动科技金融高质量发展加快建设全国科技金融中心行动方案" in user
    assert "hubei =" not in user


def test_prompt_asks_for_english_or_traditional_like_the_question(corpus):
    units = [corpus.unit("wuhan/8")]
    _, (_, english) = build_messages(make_query("How much can a loan be?", language="en"), units, corpus)
    _, (_, traditional) = build_messages(make_query("知識價值信用貸款最高能貸多少?", traditional=True), units, corpus)
    assert "Answer in English." in english
    assert traditional.rstrip().endswith("請用繁體中文回答。")


# --- reply parsing --------------------------------------------------------------------


def test_reply_ids_become_markers_in_order_of_first_citation():
    parsed = parse_reply("甲 [hubei/4]。乙 [wuhan/8]。丙 [hubei/4]。", ["wuhan/8", "hubei/4"])
    assert parsed.text == "甲[1]。乙[2]。丙[1]。"
    assert parsed.unit_ids == ("hubei/4", "wuhan/8")
    assert not parsed.refused


def test_reply_ids_not_given_to_the_model_are_dropped():
    parsed = parse_reply("甲 [wuhan/8][hubei/annex-1]。乙 [wuhan/99]。", ["wuhan/8"])
    assert parsed.text == "甲[1]。乙。"
    assert parsed.unit_ids == ("wuhan/8",)


def test_reply_accepts_grouped_ids_and_fullwidth_brackets():
    parsed = parse_reply("甲【wuhan/8】。乙 [hubei/4, wuhan/8]。", ["wuhan/8", "hubei/4"])
    assert parsed.text == "甲[1]。乙[2][1]。"


def test_reply_numeric_markers_written_by_the_model_are_removed():
    assert parse_reply("甲 [3]。乙 [wuhan/8]。", ["wuhan/8"]).text == "甲。乙[1]。"


def test_reply_starting_with_the_refusal_marker_is_a_refusal():
    parsed = parse_reply(f"{REFUSAL_MARKER} 两份文件没有写明这一点。", ["wuhan/8"])
    assert parsed.refused
    assert parsed.text == "两份文件没有写明这一点。"
    assert parsed.unit_ids == ()


def test_reply_thinking_block_is_not_part_of_the_answer():
    parsed = parse_reply("<think>看看 [hubei/4]</think>甲 [wuhan/8]。", ["wuhan/8", "hubei/4"])
    assert parsed.text == "甲[1]。"
    assert parsed.unit_ids == ("wuhan/8",)


def test_marker_after_the_full_stop_belongs_to_the_sentence_before_it():
    claims = citing_sentences("最长3年期。[1] 由市委金融办负责。[2][1]")
    assert claims == {1: ["最长3年期。", "由市委金融办负责。"], 2: ["由市委金融办负责。"]}


# --- quotes ---------------------------------------------------------------------------


def test_quote_is_the_verbatim_sentence_sharing_the_answers_figures(corpus):
    unit = corpus.unit("wuhan/8")
    quote = best_quote(unit, ["知识价值信用贷款最长3年期、最高额度1000万元。"])
    assert quote == WUHAN_8_TERMS
    assert quote in unit.text


def test_quote_follows_what_the_answer_says_not_the_first_sentence(corpus):
    quote = best_quote(corpus.unit("wuhan/8"), ["单笔1000万元以下的知识产权质押贷款可通过内部评估确定价值。"])
    assert quote == "鼓勵銀行對單筆1000萬元以下知識產權質押貸款,通過內部評估或者銀企協商形式確定價值。"


def test_quote_without_any_overlap_skips_the_item_title(corpus):
    assert best_quote(corpus.unit("wuhan/8"), ["Loans are available."]) == WUHAN_8_TERMS


# --- the answerer with an injected chat model -----------------------------------------


def test_answer_from_a_scripted_chat_model_cites_with_verbatim_quotes(corpus):
    model = FakeListChatModel(responses=["知识价值信用贷款最长3年期、最高额度1000万元 [wuhan/8]。"])
    answer = LLMAnswerer(model, 2).answer(make_query(QUESTION), hits_for(corpus, "hubei/21", "wuhan/8"), corpus)
    assert answer.text == "知识价值信用贷款最长3年期、最高额度1000万元[1]。"
    assert [(c.unit_id, c.quote) for c in answer.citations] == [("wuhan/8", WUHAN_8_TERMS)]
    assert not answer.refused


def test_answer_is_none_when_the_reply_cites_no_unit_given(corpus):
    model = FakeListChatModel(responses=["最高1000万元 [hubei/3]。"])
    assert LLMAnswerer(model, 2).answer(make_query(QUESTION), hits_for(corpus, "wuhan/8"), corpus) is None


def test_refusal_reply_is_a_refused_answer_without_citations(corpus):
    model = FakeListChatModel(responses=[f"{REFUSAL_MARKER}两份文件没有写明上海的政策。"])
    answer = LLMAnswerer(model, 2).answer(make_query("上海的科技贷款政策?"), hits_for(corpus, "wuhan/8"), corpus)
    assert (answer.text, answer.citations, answer.refused) == ("两份文件没有写明上海的政策。", (), True)


def test_model_failure_is_model_unavailable(corpus):
    with pytest.raises(ModelUnavailableError):
        LLMAnswerer(RaisingChatModel(), 2).answer(make_query(QUESTION), hits_for(corpus, "wuhan/8"), corpus)


def test_model_without_its_own_timeout_is_cut_off_at_the_deadline(corpus):
    model = StalledChatModel()
    started = time.perf_counter()
    try:
        with pytest.raises(ModelUnavailableError):
            LLMAnswerer(model, 0.2).answer(make_query(QUESTION), hits_for(corpus, "wuhan/8"), corpus)
    finally:
        model.release.set()
    assert time.perf_counter() - started < 3


def test_from_settings_builds_the_configured_provider(tmp_path):
    base = Settings(index_dir=tmp_path / "i", data_dir=tmp_path / "d", llm_model="m", llm_timeout_s=7)
    openai = LLMAnswerer.from_settings(base.with_(llm_provider="openai", llm_base_url="http://127.0.0.1:9/v1"))
    ollama = LLMAnswerer.from_settings(base.with_(llm_provider="ollama", llm_base_url="http://127.0.0.1:9"))
    assert type(openai.chat_model).__name__ == "ChatOpenAI"
    assert (openai.chat_model.model_name, openai.chat_model.max_retries, openai.timeout_s) == ("m", 0, 7)
    assert type(ollama.chat_model).__name__ == "ChatOllama"
    assert (ollama.chat_model.model, ollama.chat_model.base_url) == ("m", "http://127.0.0.1:9")


def test_from_settings_rejects_an_unknown_provider_or_missing_model(tmp_path):
    base = Settings(index_dir=tmp_path / "i", data_dir=tmp_path / "d")
    with pytest.raises(ModelUnavailableError):
        LLMAnswerer.from_settings(base.with_(llm_provider="acme", llm_model="m"))
    with pytest.raises(ModelUnavailableError):
        LLMAnswerer.from_settings(base.with_(llm_provider="openai"))


# --- end to end over HTTP -------------------------------------------------------------


@pytest.fixture
def llm_assistant(chat_server, corpus, tmp_path):
    """An offline assistant (no embedder) whose answerer talks to the scripted server."""
    settings = Settings(index_dir=tmp_path / "i", data_dir=tmp_path / "d", llm_provider="openai",
                        llm_model="test", llm_base_url=chat_server.base_url, llm_timeout_s=2)
    assistant = Assistant(settings, corpus=corpus, embedder=None, answerer=LLMAnswerer.from_settings(settings))
    assistant.prepare()
    return assistant


@pytest.fixture
def offline_answer(offline_assistant):
    """The offline answer to QUESTION, which the model answer falls back to."""
    return offline_assistant.ask(QUESTION)


def test_grounded_model_answer_is_used_with_renumbered_markers(llm_assistant, chat_server):
    chat_server.script("知识价值信用贷款最长3年期、最高额度1000万元 [wuhan/8]。")
    answer = llm_assistant.ask(QUESTION)
    assert answer.text == "知识价值信用贷款最长3年期、最高额度1000万元[1]。"
    assert [(c.unit_id, c.quote) for c in answer.citations] == [("wuhan/8", WUHAN_8_TERMS)]
    assert not answer.refused
    (request,) = chat_server.requests
    assert request["model"] == "test"
    user = request["messages"][-1]["content"]
    assert "[wuhan/8]" in user and WUHAN_8_TERMS in user and QUESTION in user


def test_model_answer_citing_nothing_falls_back_to_the_offline_answer(llm_assistant, chat_server, offline_answer):
    scripted = "知识价值信用贷款最长3年期、最高额度1000万元。"
    chat_server.script(scripted)
    answer = llm_assistant.ask(QUESTION)
    assert len(chat_server.requests) == 1
    assert answer.text != scripted
    assert (answer.text, answer.citations) == (offline_answer.text, offline_answer.citations)


def test_model_answer_with_an_invented_figure_falls_back(llm_assistant, chat_server, offline_answer):
    chat_server.script("知识价值信用贷款最高5000万元 [wuhan/8]。")
    answer = llm_assistant.ask(QUESTION)
    assert len(chat_server.requests) == 1
    assert "5000万元" not in answer.text
    assert (answer.text, answer.citations) == (offline_answer.text, offline_answer.citations)


def test_slow_model_falls_back_within_the_timeout(llm_assistant, chat_server, offline_answer):
    chat_server.script(ScriptedReply("知识价值信用贷款最长3年期、最高额度1000万元 [wuhan/8]。", delay_s=20))
    started = time.perf_counter()
    answer = llm_assistant.ask(QUESTION)
    elapsed = time.perf_counter() - started
    assert len(chat_server.requests) == 1
    assert elapsed < 6  # 2 s client timeout, 1 s grace, and the offline answer
    assert (answer.text, answer.citations) == (offline_answer.text, offline_answer.citations)


def test_server_error_falls_back(llm_assistant, chat_server, offline_answer):
    chat_server.script(ScriptedReply(status=500))
    answer = llm_assistant.ask(QUESTION)
    assert len(chat_server.requests) == 1  # max_retries=0: one try, then the offline answer
    assert (answer.text, answer.citations) == (offline_answer.text, offline_answer.citations)


def test_unreachable_server_falls_back(corpus, tmp_path, offline_answer):
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(index_dir=tmp_path / "i", data_dir=tmp_path / "d", llm_provider="openai",
                        llm_model="test", llm_base_url=f"http://127.0.0.1:{port}/v1", llm_timeout_s=2)
    assistant = Assistant(settings, corpus=corpus, embedder=None, answerer=LLMAnswerer.from_settings(settings))
    answer = assistant.ask(QUESTION)
    assert (answer.text, answer.citations) == (offline_answer.text, offline_answer.citations)


def test_citation_of_a_unit_not_given_is_dropped(llm_assistant, chat_server):
    chat_server.script("知识价值信用贷款最长3年期、最高额度1000万元 [wuhan/8][hubei/annex-1]。")
    answer = llm_assistant.ask(QUESTION)
    assert answer.text == "知识价值信用贷款最长3年期、最高额度1000万元[1]。"
    assert [c.unit_id for c in answer.citations] == ["wuhan/8"]
