"""政策通 web chat: ``python app.py [--host 127.0.0.1] [--port 7860]``.

Builds the Gradio layout, keeps each session's conversation in ``gr.State`` and calls the
library. Answering, rendering, batch files and feedback storage live in ``assistant``;
every handler catches what it does not expect, logs it and shows a friendly message.
"""

import argparse
import atexit
import logging
import os
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from assistant import Assistant, AssistantError, InputRejected, Settings, answer_records, parse_history
from assistant import FeedbackStore, webview as view

log = logging.getLogger("app")

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
BATCH_CONCURRENCY = 2  # batches are long; two at a time leave room for chat
MAX_COMMENT_CHARS = 2000


def login_credentials(settings: Settings) -> tuple[str, str] | None:
    """The login pair when both username and password are set; none when neither; ValueError when one."""
    if settings.app_username and settings.app_password:
        return settings.app_username, settings.app_password
    if settings.app_username or settings.app_password:
        raise ValueError("POLICY_APP_USERNAME and POLICY_APP_PASSWORD must be set together (or neither).")
    return None


def build_app(assistant: Assistant, feedback_store: FeedbackStore):
    """The Gradio Blocks app over a prepared assistant and a feedback store."""
    import gradio as gr

    corpus = assistant.corpus
    directory = assistant.unit_directory()

    def safe_ask(question, history):
        """``assistant.ask`` with unexpected failures turned into ``AssistantError`` (logged)."""
        try:
            return assistant.ask(question, history)
        except AssistantError:
            raise
        except Exception as exc:
            log.exception("answering failed")
            raise AssistantError(view.FAILURE_MESSAGE) from exc

    # ------------------------------------------------------------ chat handlers

    def chat_turn(question: str, exchanges: list):
        question = question or ""
        keep_text = question
        try:
            answer = safe_ask(question, view.history_turns(exchanges))
            exchange, keep_text = view.Exchange(question, answer), ""
        except InputRejected as exc:
            exchange = view.Exchange(question, notice=view.rejection_message(exc, question))
        except Exception:
            log.exception("chat turn failed")
            exchange = view.Exchange(question, notice=view.failure_message(question))
        exchanges = [*exchanges, exchange]
        sources = (view.sources_html(corpus, exchange.answer.citations, turn=len(exchanges) - 1)
                   if exchange.answer else gr.skip())
        return view.conversation_html(exchanges, corpus), sources, exchanges, keep_text

    def on_conversation_click(exchanges: list, request: gr.Request, evt: gr.EventData):
        """A chip shows its sources; a vote stores feedback and opens the comment box."""
        nothing = (gr.skip(),) * 7
        try:
            turn = int(getattr(evt, "turn", -1))
            if not 0 <= turn < len(exchanges) or exchanges[turn].answer is None:
                return nothing
            exchange = exchanges[turn]
            if getattr(evt, "action", "") == "cite":
                html = view.sources_html(corpus, exchange.answer.citations, str(getattr(evt, "unit", "")), turn)
                return (html,) + (gr.skip(),) * 6
            if getattr(evt, "action", "") != "vote" or exchange.helpful is not None:
                return nothing
            helpful = bool(getattr(evt, "helpful", False))
            feedback_id = feedback_store.add(question=exchange.question, answer=exchange.answer.text,
                                       citations=exchange.answer.citations, refused=exchange.answer.refused,
                                       helpful=helpful, session=getattr(request, "session_hash", "") or "")
            exchanges = [*exchanges[:turn], replace(exchange, helpful=helpful), *exchanges[turn + 1:]]
            box = gr.update(value="", label=f"对第{turn + 1}问的回答补充意见(可选)")
            note = "已记录您的反馈,谢谢!如愿意,可在下方补充意见。"
            return (gr.skip(), view.conversation_html(exchanges, corpus), exchanges, feedback_id,
                    gr.update(visible=True), box, note)
        except Exception:
            log.exception("conversation click failed")
            gr.Warning("操作未能完成,请稍后再试。")
            return nothing

    def save_comment(feedback_id, comment: str):
        try:
            if feedback_id is None or not (comment or "").strip():
                return gr.update(visible=False), None, "未填写意见。"
            feedback_store.set_comment(int(feedback_id), comment.strip()[:MAX_COMMENT_CHARS])
            return gr.update(visible=False), None, "意见已保存,谢谢!"
        except Exception:
            log.exception("saving a comment failed")
            return gr.skip(), feedback_id, "意见未能保存,请稍后再试。"

    def clear_chat():
        return view.conversation_html([], corpus), view.sources_html(corpus, ()), [], None, gr.update(visible=False)

    # ------------------------------------------------------------ unit directory handlers

    def show_unit(name: str):
        roles = directory.get(name or "")
        if roles is None:
            return '<div class="pt-directory"><div class="pt-empty">请选择一个政府单位。</div></div>'
        return view.unit_roles_html(corpus, roles.name, roles.leads, roles.shares)

    def show_task(unit_id: str):
        return view.task_units_html(corpus, unit_id or "")

    def open_task(evt: gr.EventData):
        unit_id = str(getattr(evt, "task", ""))
        if not corpus.has(unit_id):
            return gr.skip(), gr.skip()
        return unit_id, view.task_units_html(corpus, unit_id)

    # ------------------------------------------------------------ batch and staff handlers

    exports = Path(tempfile.mkdtemp(prefix="policy-exports-"))
    atexit.register(shutil.rmtree, exports, ignore_errors=True)  # downloads live as long as the app

    def run_batch(path, progress=gr.Progress()):
        if not path:
            return "请先上传 .csv 或 .jsonl 文件。", None, None
        try:
            batch = view.parse_batch(Path(path).name, Path(path).read_bytes())
            total = len(batch.lines)
            progress((0, total), desc="正在答复", unit="问")
            records = list(answer_records(safe_ask, batch.lines,
                                          on_progress=lambda n: progress((n, total), desc="正在答复", unit="问")))
            target = Path(tempfile.mkdtemp(dir=exports))
            csv_path, jsonl_path = target / "answers.csv", target / "answers.jsonl"
            csv_path.write_text(view.results_csv(records, batch.questions), encoding="utf-8-sig")
            jsonl_path.write_text(view.results_jsonl(records), encoding="utf-8")
            return view.batch_summary(records), str(csv_path), str(jsonl_path)
        except InputRejected as exc:
            return f"⚠️ {exc}", None, None
        except Exception:
            log.exception("batch failed")
            return f"⚠️ {view.FAILURE_MESSAGE}", None, None

    def list_feedback():
        try:
            items = feedback_store.recent(200)
            return view.feedback_rows(items), f"共 {feedback_store.count()} 条反馈,显示最近 {len(items)} 条。"
        except Exception:
            log.exception("listing feedback failed")
            return gr.skip(), "反馈记录暂时无法读取。"

    def export_feedback():
        try:
            path = Path(tempfile.mkdtemp(dir=exports)) / "feedback.csv"
            path.write_text(feedback_store.export_csv(), encoding="utf-8-sig")
            return str(path)
        except Exception:
            log.exception("exporting feedback failed")
            gr.Warning("导出失败,请稍后再试。")
            return None

    def ask_api(question: str, history: list | None = None) -> dict:
        """Answer one question: the CONTRACT answer object; ``history`` is a CONTRACT history list."""
        text = question if isinstance(question, str) else ""  # for the language of a message only
        started = time.perf_counter()
        try:
            answer = safe_ask(question, parse_history(history or []))
            return answer.to_contract(latency_ms=(time.perf_counter() - started) * 1000)
        except InputRejected as exc:
            return {"error": view.rejection_message(exc, text)}
        except Exception:
            log.exception("api answer failed")
            return {"error": view.failure_message(text)}

    # ------------------------------------------------------------ layout

    private = {"api_visibility": "private"}
    with gr.Blocks(title="政策通 · 科技金融政策问答", analytics_enabled=False, delete_cache=(3600, 7200)) as demo:
        gr.Markdown("## 政策通 · 科技金融政策问答\n"
                    "依据《武汉市推动科技金融高质量发展加快建设全国科技金融中心行动方案(2025—2027年)》"
                    "和《高水平推进武汉科技金融中心建设的工作方案》作答,每个回答都标明出处。")
        exchanges = gr.State([])
        feedback_id = gr.State(None)

        with gr.Tab("政策问答", id="chat"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    conversation = gr.HTML(view.conversation_html([], corpus), js_on_load=view.CONVERSATION_JS,
                                           elem_id="conversation", max_height=640, autoscroll=True)
                    with gr.Row():
                        question = gr.Textbox(placeholder="输入问题,按回车发送。例如:知识价值信用贷款最高能贷多少?",
                                              show_label=False, lines=1, max_lines=6, scale=5, elem_id="question")
                        with gr.Column(scale=1, min_width=110):
                            send = gr.Button("发送", variant="primary", elem_id="send")
                            clear = gr.Button("清空对话", elem_id="clear")
                    with gr.Row(visible=False, elem_id="comment-row") as comment_row:
                        comment = gr.Textbox(lines=1, scale=5, elem_id="comment",
                                             placeholder="哪里有用、哪里不对?您的意见帮助我们改进。")
                        comment_send = gr.Button("提交意见", scale=1, min_width=110, elem_id="comment-send")
                    comment_status = gr.Markdown(elem_id="comment-status")
                    gr.Examples([[q] for _, q in EXAMPLES], inputs=[question], label="示例问题(点选后按发送)",
                                example_labels=[f"【{kind}】{q}" for kind, q in EXAMPLES])
                with gr.Column(scale=2):
                    sources = gr.HTML(view.sources_html(corpus, ()), js_on_load=view.SOURCES_JS,
                                      elem_id="sources", max_height=760)

        with gr.Tab("按单位查询", id="units"):
            with gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    unit_name = gr.Dropdown(choices=list(directory), value=None, label="政府单位", filterable=True,
                                            elem_id="unit-name")
                    unit_view = gr.HTML(show_unit(None), js_on_load=view.DIRECTORY_JS, elem_id="unit-view")
                with gr.Column(scale=2):
                    task = gr.Dropdown(choices=view.task_choices(corpus), value=None, label="任务", filterable=True,
                                       elem_id="task")
                    task_view = gr.HTML(show_task(None), elem_id="task-view")

        with gr.Tab("批量答复", id="batch"):
            gr.Markdown("上传问题文件,逐条生成带出处的答复。支持 **CSV**(首行为列名 `id,question`)"
                        "或 **JSONL**(每行一个 `{\"id\": …, \"question\": …, \"history\": […]}`)。"
                        f"每个文件最多 {view.MAX_BATCH_QUESTIONS} 个问题。")
            upload = gr.File(label="问题文件", file_types=[".csv", ".jsonl"], type="filepath", elem_id="batch-file")
            run = gr.Button("开始答复", variant="primary", elem_id="batch-run")
            summary = gr.Markdown(elem_id="batch-summary")
            with gr.Row():
                csv_out = gr.File(label="答复(CSV)", elem_id="batch-csv")
                jsonl_out = gr.File(label="答复(JSONL)", elem_id="batch-jsonl")

        with gr.Tab("反馈记录", id="feedback") as feedback_tab:
            with gr.Row():
                refresh = gr.Button("刷新", elem_id="feedback-refresh")
                export = gr.Button("导出 CSV", elem_id="feedback-export")
            feedback_note = gr.Markdown()
            feedback_table = gr.Dataframe(headers=view.FEEDBACK_HEADERS, interactive=False, wrap=True,
                                          column_widths=view.FEEDBACK_COLUMN_WIDTHS, elem_id="feedback-table")
            feedback_file = gr.File(label="反馈导出(CSV)", height=120, elem_id="feedback-file")

        # ------------------------------------------------------------ events

        chat_io = dict(fn=chat_turn, inputs=[question, exchanges], outputs=[conversation, sources, exchanges, question],
                       concurrency_id="chat", **private)
        send.click(**chat_io)
        question.submit(**chat_io)
        clear.click(clear_chat, None, [conversation, sources, exchanges, feedback_id, comment_row], **private)
        conversation.click(on_conversation_click, [exchanges],
                           [sources, conversation, exchanges, feedback_id, comment_row, comment, comment_status],
                           show_progress="hidden", **private)
        for event in (comment.submit, comment_send.click):
            event(save_comment, [feedback_id, comment], [comment_row, feedback_id, comment_status], **private)
        unit_name.change(show_unit, unit_name, unit_view, **private)
        unit_view.click(open_task, None, [task, task_view], show_progress="hidden", **private)
        task.change(show_task, task, task_view, **private)
        run.click(run_batch, upload, [summary, csv_out, jsonl_out], concurrency_limit=BATCH_CONCURRENCY,
                  concurrency_id="batch", **private)
        refresh.click(list_feedback, None, [feedback_table, feedback_note], **private)
        feedback_tab.select(list_feedback, None, [feedback_table, feedback_note], **private)
        export.click(export_feedback, None, feedback_file, **private)
        # The only public endpoint. No handler above may be named ``ask``: Gradio names private
        # events after their function too, and this one would silently become ``/ask_2``.
        gr.api(ask_api, api_name="ask", concurrency_id="chat")

    demo.queue(default_concurrency_limit=CHAT_CONCURRENCY)
    return demo


def launch(demo, host: str, port: int, credentials: tuple[str, str] | None, *, block: bool = True):
    """Serve the app; with ``block=False`` return at once (tests)."""
    import gradio as gr

    return demo.launch(server_name=host, server_port=port, auth=credentials,
                       auth_message="政策通:请输入账号和密码。" if credentials else None,
                       prevent_thread_lock=not block, show_error=False, ssr_mode=False, quiet=not block,
                       footer_links=["api"], max_file_size="5mb", css=view.APP_CSS,
                       theme=gr.themes.Default(primary_hue="blue"))


def _terminal_progress(done: int, total: int, message: str) -> None:
    width = 30
    filled = width * done // total if total else width
    sys.stderr.write(f"\r建立索引 [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {message}   ")
    if total and done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="政策通 web chat")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port to listen on (default 7860)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    settings = Settings.from_env()
    try:
        credentials = login_credentials(settings)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if credentials is None and args.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s without a login: set POLICY_APP_USERNAME and POLICY_APP_PASSWORD", args.host)
    try:
        assistant = Assistant.from_settings(settings)
        print("准备索引(首次运行需要建立,请稍候)…", file=sys.stderr)
        status = assistant.prepare(progress=_terminal_progress)
    except AssistantError as exc:
        print(f"error: {exc.user_message} {exc}", file=sys.stderr)
        return 1
    print(f"索引:{status.state} {status.location} {status.reason}".rstrip(), file=sys.stderr)
    demo = build_app(assistant, FeedbackStore.in_directory(settings.data_dir))
    launch(demo, args.host, args.port, credentials)
    return 0


if __name__ == "__main__":
    sys.exit(main())
