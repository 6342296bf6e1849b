"""The staff pages: batch answers and the feedback records, one Gradio Blocks.

Served under ``/staff`` behind the staff login only when one is configured (see
``server.py``); otherwise not at all. Chinese only: they are for the office.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from pathlib import Path

from assistant import FeedbackStore, InputRejected, answer_records

from . import view
from .chat import Ask

log = logging.getLogger(__name__)

BATCH_CONCURRENCY = 2  # batches are long; two at a time leave room for chat
FAILURE = "抱歉,系统暂时无法完成,请稍后再试。"


def build_staff(ask: Ask, feedback_store: FeedbackStore):
    """The staff Blocks: upload a question file and download answers; read and export feedback."""
    import gradio as gr

    exports = Path(tempfile.mkdtemp(prefix="policy-exports-"))
    atexit.register(shutil.rmtree, exports, ignore_errors=True)  # downloads live as long as the app

    def run_batch(path, progress=gr.Progress()):
        if not path:
            return "请先上传 .csv 或 .jsonl 文件。", None, None
        try:
            batch = view.parse_batch(Path(path).name, Path(path).read_bytes())
            total = len(batch.lines)
            progress((0, total), desc="正在答复", unit="问")
            records = list(answer_records(ask, batch.lines,
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
            return f"⚠️ {FAILURE}", None, None

    def list_feedback():
        try:
            items = feedback_store.recent(200)
            return view.feedback_rows(items), f"共 {feedback_store.count()} 条反馈,显示最近 {len(items)} 条(北京时间)。"
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

    private = {"api_visibility": "private"}
    with gr.Blocks(title="政策通 · 工作人员", analytics_enabled=False, delete_cache=(3600, 7200)) as demo:
        gr.Markdown("## 政策通 · 工作人员页面\n批量答复与用户反馈。公众问答页面在 [首页](../)。")
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
            feedback_note = gr.Markdown(elem_id="feedback-note")
            feedback_table = gr.Dataframe(headers=view.FEEDBACK_HEADERS, interactive=False, wrap=True,
                                          column_widths=view.FEEDBACK_COLUMN_WIDTHS, elem_id="feedback-table")
            feedback_file = gr.File(label="反馈导出(CSV)", height=120, elem_id="feedback-file")

        run.click(run_batch, upload, [summary, csv_out, jsonl_out], concurrency_limit=BATCH_CONCURRENCY,
                  concurrency_id="batch", **private)
        refresh.click(list_feedback, None, [feedback_table, feedback_note], **private)
        feedback_tab.select(list_feedback, None, [feedback_table, feedback_note], **private)
        export.click(export_feedback, None, feedback_file, **private)

    demo.queue(default_concurrency_limit=BATCH_CONCURRENCY)
    return demo
