"""The public pages: the policy chat, the unit directory and policy matching (``match.py``), one Gradio Blocks.

Each session keeps its own conversation in ``gr.State`` (the last few exchanges only) and
its page language in the language switch; handlers call the library through the ``ask``
they are given and render with ``view``. Every handler catches what it does not expect,
logs it and shows a friendly message.
"""

# No ``from __future__ import annotations`` here: Gradio finds the ``gr.Request`` and
# ``gr.EventData`` parameters of handlers by their annotations at run time.

import logging
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from assistant import Answer, Assistant, FeedbackStore, InputRejected, Turn, parse_history

from . import view
from .match import build_match_tab
from .texts import LANGUAGE_CHOICES, TEXTS, language_of

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
# One question of each kind the assistant answers: (kind, question).
EXAMPLES = [
    ("责任单位", "武汉方案第8条的责任单位有哪些?"),
    ("产品条款", "知识价值信用贷款最长几年、最多贷多少?"),
    ("申请条件", "初创期的科技型企业能获得哪些融资支持?"),
    ("目标", "到2027年武汉科技型企业贷款余额要达到多少?"),
    ("定义", "什么是“共赢贷”?"),
    ("省市对比", "省里和市里的方案在政府投资基金方面有什么不同?"),
    ("繁体", "知識價值信用貸款最高額度是多少?"),
    ("English", "Who is responsible for promoting tech credit products in the Wuhan plan?"),
]
CHAT_CONCURRENCY = 8  # answering is CPU-light; several sessions run at once
MAX_COMMENT_CHARS = 2000

Ask = Callable[[str, tuple[Turn, ...]], Answer]


def static_text(name: str) -> str:
    """A file of ``webapp/static`` (the pages' CSS and browser code)."""
    return (STATIC / name).read_text(encoding="utf-8")


def kept_exchanges(max_history_turns: int) -> int:
    """How many exchanges the chat keeps: as many as the library reads back as history
    (each exchange is two turns, the question and the answer), at least one."""
    return max(1, max_history_turns // 2)


def build_chat(assistant: Assistant, ask: Ask, feedback_store: FeedbackStore):
    """The public Blocks: chat with sources, the unit directory, policy matching, and the ``/ask`` API."""
    import gradio as gr

    corpus = assistant.corpus
    directory = assistant.unit_directory()
    limit = assistant.settings.max_question_chars
    keep = kept_exchanges(assistant.settings.max_history_turns)

    def texts(lang: str) -> dict[str, str]:
        return TEXTS[language_of(lang)]

    def header(lang: str) -> str:
        return f"{texts(lang)['title']}\n{texts(lang)['intro']}"

    def shown_sources(exchanges: list, shown: dict | None, lang: str) -> str:
        """The source panel for what the session last looked at (a turn and a unit)."""
        turn = (shown or {}).get("turn", -1)
        if not 0 <= turn < len(exchanges) or exchanges[turn].answer is None:
            return view.sources_html(corpus, (), lang=lang)
        exchange = exchanges[turn]
        return view.sources_html(corpus, exchange.answer.citations, (shown or {}).get("unit"),
                                 exchange.number or turn + 1, lang, view.asker_script(exchange.question))

    # ------------------------------------------------------------ chat handlers

    def chat_turn(question: str, exchanges: list, lang: str):
        """One question in: a turn added with its sources, or a message at the box and no turn."""
        lang = language_of(lang)
        question = question if isinstance(question, str) else ""
        if not question.strip():
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        asked_at = datetime.now(timezone.utc)
        number = view.next_number(exchanges)
        try:
            answer = ask(question, view.history_turns(exchanges))
            exchange = view.Exchange(question, answer, number=number, asked_at=asked_at)
        except InputRejected as exc:
            # not echoed as a turn: the message stands at the box, the text stays in it
            message = view.rejection_message(exc, lang)
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), view.counter_html(lang, limit, message), gr.skip()
        except Exception:
            log.exception("chat turn failed")
            exchange = view.Exchange(question, notice=view.failure_message(lang), number=number, asked_at=asked_at)
        exchanges = view.bounded([*exchanges, exchange], keep)
        turn = len(exchanges) - 1
        if exchange.answer is None:
            return (view.conversation_html(exchanges, corpus, lang), gr.skip(), exchanges, "",
                    view.counter_html(lang, limit), gr.skip())
        shown = {"turn": turn, "unit": None}
        return (view.conversation_html(exchanges, corpus, lang), shown_sources(exchanges, shown, lang), exchanges,
                "", view.counter_html(lang, limit), shown)

    def on_conversation_click(exchanges: list, lang: str, request: gr.Request, evt: gr.EventData):
        """A chip shows its sources; a vote stores feedback and opens the comment box."""
        lang = language_of(lang)
        nothing = (gr.skip(),) * 8
        try:
            turn = int(getattr(evt, "turn", -1))
            if not 0 <= turn < len(exchanges) or exchanges[turn].answer is None:
                return nothing
            exchange = exchanges[turn]
            if getattr(evt, "action", "") == "cite":
                shown = {"turn": turn, "unit": str(getattr(evt, "unit", ""))}
                return (shown_sources(exchanges, shown, lang),) + (gr.skip(),) * 6 + (shown,)
            if getattr(evt, "action", "") != "vote" or exchange.helpful is not None:
                return nothing
            helpful = bool(getattr(evt, "helpful", False))
            feedback_id = feedback_store.add(question=exchange.question, answer=exchange.answer.text,
                                             citations=exchange.answer.citations, refused=exchange.answer.refused,
                                             helpful=helpful, session=getattr(request, "session_hash", "") or "")
            exchanges = [*exchanges[:turn], replace(exchange, helpful=helpful), *exchanges[turn + 1:]]
            box = gr.update(value="", label=texts(lang)["comment_label"].format(n=exchange.number or turn + 1))
            return (gr.skip(), view.conversation_html(exchanges, corpus, lang), exchanges, feedback_id,
                    gr.update(visible=True), box, texts(lang)["comment_thanks"], gr.skip())
        except Exception:
            log.exception("conversation click failed")
            gr.Warning(texts(lang)["action_failed"])
            return nothing

    def save_comment(feedback_id, comment: str, lang: str):
        try:
            if feedback_id is None or not (comment or "").strip():
                return gr.update(visible=False), None, texts(lang)["comment_empty"]
            feedback_store.set_comment(int(feedback_id), comment.strip()[:MAX_COMMENT_CHARS])
            return gr.update(visible=False), None, texts(lang)["comment_saved"]
        except Exception:
            log.exception("saving a comment failed")
            return gr.skip(), feedback_id, texts(lang)["comment_failed"]

    def new_conversation(lang: str):
        lang = language_of(lang)
        return (view.conversation_html([], corpus, lang), view.sources_html(corpus, (), lang=lang), [], None,
                gr.update(visible=False), "", None, view.counter_html(lang, limit), "")

    # ------------------------------------------------------------ unit directory handlers

    def show_unit(name: str, lang: str):
        lang = language_of(lang)
        roles = directory.get(name or "")
        if roles is None:
            return f'<div class="pt-directory"><div class="pt-empty">{view.esc(texts(lang)["pick_unit"])}</div></div>'
        return view.unit_roles_html(corpus, roles.name, roles.leads, roles.shares, lang)

    def show_task(unit_id: str, lang: str):
        return view.task_units_html(corpus, unit_id or "", language_of(lang))

    def open_task(lang: str, evt: gr.EventData):
        unit_id = str(getattr(evt, "task", ""))
        if not corpus.has(unit_id):
            return gr.skip(), gr.skip()
        return unit_id, view.task_units_html(corpus, unit_id, language_of(lang))

    # ------------------------------------------------------------ language

    def pick_language(locale: str):
        """The browser's language on first load; Chinese is already on the page."""
        lang = language_of(locale)
        return gr.skip() if lang == "zh" else lang

    def apply_language(lang: str, exchanges: list, shown: dict | None, unit_name: str, task_id: str):
        lang = language_of(lang)
        t = texts(lang)
        return (header(lang), gr.update(label=t["tab_chat"]), gr.update(label=t["tab_units"]),
                gr.update(placeholder=t["placeholder"]), view.counter_html(lang, limit),
                gr.update(value=t["send"]), gr.update(value=t["new_chat"]), gr.update(value=t["download"]),
                view.conversation_html(exchanges, corpus, lang), shown_sources(exchanges, shown, lang),
                gr.update(placeholder=t["comment_placeholder"]), gr.update(value=t["comment_send"]),
                gr.update(label=t["unit_label"]),
                gr.update(label=t["task_label"], choices=view.task_choices(corpus, lang)),
                show_unit(unit_name, lang), show_task(task_id, lang))

    # ------------------------------------------------------------ API

    def ask_api(question: str, history: list | None = None) -> dict:
        """Answer one question: the CONTRACT answer object; ``history`` is a CONTRACT history list."""
        lang = "en" if isinstance(question, str) and view.is_english(question) else "zh"
        started = time.perf_counter()
        try:
            answer = ask(question, parse_history(history or []))
            return answer.to_contract(latency_ms=(time.perf_counter() - started) * 1000)
        except InputRejected as exc:
            return {"error": view.rejection_message(exc, lang)}
        except Exception:
            log.exception("api answer failed")
            return {"error": view.failure_message(lang)}

    # ------------------------------------------------------------ layout

    t = texts("zh")
    private = {"api_visibility": "private"}
    with gr.Blocks(title="政策通 · 科技金融政策问答", analytics_enabled=False, delete_cache=(3600, 7200)) as demo:
        with gr.Row(equal_height=False, elem_id="header"):
            with gr.Column(scale=1, min_width=320):  # on a phone the switch wraps below the title
                heading = gr.Markdown(header("zh"), elem_id="heading")
            language = gr.Radio(LANGUAGE_CHOICES, value="zh", show_label=False, container=False, scale=0,
                                min_width=180, elem_id="language")
        locale = gr.Textbox(visible=False)
        exchanges = gr.State([])
        shown = gr.State(None)
        feedback_id = gr.State(None)

        with gr.Tab(t["tab_chat"], id="chat") as chat_tab:
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=380):
                    conversation = gr.HTML(view.conversation_html([], corpus), js_on_load=static_text("conversation.js"),
                                           elem_id="conversation")
                    question = gr.Textbox(placeholder=t["placeholder"], show_label=False, lines=1, max_lines=6,
                                          elem_id="question")
                    counter = gr.HTML(view.counter_html("zh", limit), js_on_load=static_text("counter.js"),
                                      elem_id="question-meta")
                    with gr.Row():
                        send = gr.Button(t["send"], variant="primary", elem_id="send", scale=1, min_width=90)
                        new = gr.Button(t["new_chat"], elem_id="new-chat", scale=1, min_width=90)
                        download = gr.Button(t["download"], elem_id="download", scale=1, min_width=90)
                    with gr.Row(visible=False, elem_id="comment-row") as comment_row:
                        comment = gr.Textbox(lines=1, scale=5, elem_id="comment", placeholder=t["comment_placeholder"])
                        comment_send = gr.Button(t["comment_send"], scale=1, min_width=110, elem_id="comment-send")
                    comment_status = gr.Markdown(elem_id="comment-status")
                    gr.Examples([[q] for _, q in EXAMPLES], inputs=[question], label="示例问题 · Examples",
                                example_labels=[f"【{kind}】{q}" for kind, q in EXAMPLES])
                with gr.Column(scale=2, min_width=380):
                    sources = gr.HTML(view.sources_html(corpus, ()), js_on_load=static_text("sources.js"),
                                      elem_id="sources")

        with gr.Tab(t["tab_units"], id="units") as units_tab:
            with gr.Row(equal_height=False):
                with gr.Column(scale=3, min_width=380):
                    unit_name = gr.Dropdown(choices=list(directory), value=None, label=t["unit_label"],
                                            filterable=True, elem_id="unit-name")
                    unit_view = gr.HTML(show_unit(None, "zh"), js_on_load=static_text("directory.js"),
                                        elem_id="unit-view")
                with gr.Column(scale=2, min_width=380):
                    task = gr.Dropdown(choices=view.task_choices(corpus), value=None, label=t["task_label"],
                                       filterable=True, elem_id="task")
                    task_view = gr.HTML(show_task(None, "zh"), js_on_load=static_text("task.js"), elem_id="task-view")

        build_match_tab(assistant, language)

        # ------------------------------------------------------------ events

        chat_io = dict(fn=chat_turn, inputs=[question, exchanges, language],
                       outputs=[conversation, sources, exchanges, question, counter, shown],
                       concurrency_id="chat", show_progress="minimal", **private)
        send.click(**chat_io)
        question.submit(**chat_io)
        question.change(None, None, None, js="() => { if (window.ptSyncQuestion) { window.ptSyncQuestion(); } }",
                        **private)
        download.click(None, None, None, js=static_text("download.js"), **private)
        new.click(new_conversation, [language],
                  [conversation, sources, exchanges, feedback_id, comment_row, comment_status, shown, counter,
                   question], **private)
        conversation.click(on_conversation_click, [exchanges, language],
                           [sources, conversation, exchanges, feedback_id, comment_row, comment, comment_status,
                            shown], show_progress="hidden", **private)
        for event in (comment.submit, comment_send.click):
            event(save_comment, [feedback_id, comment, language], [comment_row, feedback_id, comment_status],
                  **private)
        unit_name.change(show_unit, [unit_name, language], unit_view, **private)
        unit_view.click(open_task, [language], [task, task_view], show_progress="hidden", **private)
        task.change(show_task, [task, language], task_view, **private)
        demo.load(pick_language, [locale], [language], js="() => navigator.language || ''", show_progress="hidden",
                  **private)
        language.change(apply_language, [language, exchanges, shown, unit_name, task],
                        [heading, chat_tab, units_tab, question, counter, send, new, download, conversation, sources,
                         comment, comment_send, unit_name, task, unit_view, task_view],
                        show_progress="hidden", **private)
        # The only public endpoint. No handler above may be named ``ask``: Gradio names private
        # events after their function too, and this one would silently become ``/ask_2``.
        gr.api(ask_api, api_name="ask", concurrency_id="chat")

    demo.queue(default_concurrency_limit=CHAT_CONCURRENCY)
    return demo
