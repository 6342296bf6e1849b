"""Every string the public pages show, one table per UI language ("zh", "en").

Placeholders are filled with ``str.format``. The staff pages are Chinese only and keep
their strings beside their layout (``staff.py``).
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
LANGUAGE_CHOICES = [("中文", "zh"), ("English", "en")]

# How people name a unit when they cite it: 武汉方案第8条, 湖北方案分工表第44项.
CITE_NAMES: dict[str, dict] = {
    "zh": {
        "docs": {"wuhan": "武汉方案", "hubei": "湖北方案"},
        "measure": "{doc}第{n}条",
        "annex": "{doc}分工表第{n}项",
        "goals": "{doc}总体目标",
        "safeguards": "{doc}保障措施",
        "preamble": "{doc}印发通知",
    },
    "en": {
        "docs": {"wuhan": "Wuhan plan", "hubei": "Hubei plan"},
        "measure": "{doc} item {n}",
        "annex": "{doc} task table row {n}",
        "goals": "{doc} overall goals",
        "safeguards": "{doc} safeguards",
        "preamble": "{doc} issuing notice",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "## 政策通 · 科技金融政策问答",
        "intro": "依据《武汉市推动科技金融高质量发展加快建设全国科技金融中心行动方案(2025—2027年)》"
                 "和《高水平推进武汉科技金融中心建设的工作方案》作答,每个回答都标明出处。",
        "tab_chat": "政策问答",
        "tab_units": "按单位查询",
        "placeholder": "输入问题,按回车发送。例如:知识价值信用贷款最高能贷多少?",
        "send": "发送",
        "new_chat": "新对话",
        "download": "下载对话",
        "counter": "{n} / {limit} 字",
        "over_limit": "已超过 {limit} 字上限,请删减后再发送。",
        "empty_conversation": "请输入关于武汉市行动方案或湖北省工作方案的问题,或点选下方的示例问题。"
                              "回答中的编号可悬停或点按预览原句,点击查看原文。",
        "trimmed": "为保持对话流畅,只保留最近 {n} 轮;更早的 {dropped} 轮已不再显示,也不再作为上下文。",
        "you": "您",
        "assistant": "政策通",
        "notice": "提示",
        "refused_badge": "未找到依据 · 不作答",
        "basis": "依据:",
        "source_n": "出处 {n}",
        "original": "查看原文(原始字形)",
        "copy": "复制回答和出处",
        "copied": "已复制",
        "copy_failed": "复制失败,请手动选择文字复制。",
        "open_source": "查看原文",
        "close": "关闭",
        "feedback_ask": "这个回答:",
        "helpful": "有帮助",
        "unhelpful": "没帮助",
        "feedback_done": "已记录您的反馈:{verdict}。谢谢!",
        "comment_label": "对第{n}问的回答补充意见(可选)",
        "comment_placeholder": "哪里有用、哪里不对?您的意见帮助我们改进。",
        "comment_send": "提交意见",
        "comment_thanks": "已记录您的反馈,谢谢!如愿意,可在下方补充意见。",
        "comment_saved": "意见已保存,谢谢!",
        "comment_empty": "未填写意见。",
        "comment_failed": "意见未能保存,请稍后再试。",
        "action_failed": "操作未能完成,请稍后再试。",
        "failure": "抱歉,系统暂时无法回答这个问题,请稍后再试。",
        "sources_empty": "这里显示回答所依据的原文。点击回答中的编号即可查看。",
        "sources_head": "第{n}问的依据(共{count}条)",
        "lead_units": "牵头单位",
        "responsible_units": "责任单位",
        "measure_of_row": "对应措施",
        "table_row": "分工表",
        "row_leads": "牵头:",
        "row_units": "责任:",
        "row_none": "未列单位",
        "unit_label": "政府单位",
        "task_label": "任务",
        "pick_unit": "请选择一个政府单位。",
        "pick_task": "请选择一项任务。",
        "no_tasks": "{name} 在两份文件中没有分工任务。",
        "roles_summary": "作为牵头单位 {leads} 项 · 作为责任单位 {shares} 项。点击编号查看该任务的全部单位。",
        "doc_count": "{doc}(共{n}项)",
        "col_id": "编号",
        "col_task": "任务",
        "col_role": "角色",
        "col_units": "本项分工",
        "md_title": "# 政策通对话记录",
        "md_exported": "导出时间:{time}(北京时间)",
        "md_turn": "## 第{n}问 · {time}",
        "md_sources": "依据:",
        "md_notice": "提示:",
        "md_refused": "(未找到依据,不作答)",
        "file_name": "政策通对话-{stamp}.md",
    },
    "en": {
        "title": "## 政策通 · Science-and-technology finance policy Q&A",
        "intro": "Answers from the Wuhan action plan for a national science-and-technology finance centre "
                 "(2025–2027) and the Hubei work plan for building it; every answer names its sources.",
        "tab_chat": "Ask",
        "tab_units": "By government unit",
        "placeholder": "Type a question and press Enter, e.g. How much can a knowledge-value credit loan be?",
        "send": "Send",
        "new_chat": "New chat",
        "download": "Download",
        "counter": "{n} / {limit} characters",
        "over_limit": "Over the {limit}-character limit: shorten the question to send it.",
        "empty_conversation": "Ask about the Wuhan action plan or the Hubei work plan, or pick an example below. "
                              "Hover over or tap a number in an answer to preview the quoted sentence; "
                              "click it to open the clause.",
        "trimmed": "Only the last {n} turns are kept; {dropped} earlier turns are no longer shown or used as context.",
        "you": "You",
        "assistant": "政策通",
        "notice": "Notice",
        "refused_badge": "No basis found · not answered",
        "basis": "Sources:",
        "source_n": "Source {n}",
        "original": "Original text (as published)",
        "copy": "Copy answer and sources",
        "copied": "Copied",
        "copy_failed": "Copying failed; select the text and copy it by hand.",
        "open_source": "Open the clause",
        "close": "Close",
        "feedback_ask": "Was this helpful?",
        "helpful": "Helpful",
        "unhelpful": "Not helpful",
        "feedback_done": "Thank you, your feedback is recorded: {verdict}.",
        "comment_label": "Anything to add about answer {n}? (optional)",
        "comment_placeholder": "What helped, what was wrong? Your comment helps us improve.",
        "comment_send": "Send comment",
        "comment_thanks": "Thank you, your feedback is recorded. You may add a comment below.",
        "comment_saved": "Comment saved, thank you!",
        "comment_empty": "No comment entered.",
        "comment_failed": "The comment could not be saved; please try again later.",
        "action_failed": "That did not work; please try again later.",
        "failure": "Sorry, the assistant could not answer this just now. Please try again later.",
        "sources_empty": "The clauses an answer rests on appear here. Click a number in an answer to open one.",
        "sources_head": "Sources of answer {n} ({count})",
        "lead_units": "Lead units",
        "responsible_units": "Responsible units",
        "measure_of_row": "Measure",
        "table_row": "Task table",
        "row_leads": "lead: ",
        "row_units": "responsible: ",
        "row_none": "no units listed",
        "unit_label": "Government unit",
        "task_label": "Task",
        "pick_unit": "Pick a government unit.",
        "pick_task": "Pick a task.",
        "no_tasks": "{name} has no assigned tasks in either document.",
        "roles_summary": "Leads {leads} · responsible for {shares}. Click an id to see every unit of that task.",
        "doc_count": "{doc} ({n})",
        "col_id": "Id",
        "col_task": "Task",
        "col_role": "Role",
        "col_units": "Units of this item",
        "md_title": "# 政策通 conversation",
        "md_exported": "Exported {time} (Beijing time)",
        "md_turn": "## Question {n} · {time}",
        "md_sources": "Sources:",
        "md_notice": "Notice:",
        "md_refused": "(no basis found, not answered)",
        "file_name": "policy-chat-{stamp}.md",
    },
}

# Role names in the unit directory, by language.
ROLE_NAMES = {"zh": {"lead": "牵头单位", "share": "责任单位"}, "en": {"lead": "lead", "share": "responsible"}}


def language_of(value: object) -> str:
    """The UI language for a switch value or a browser locale: Chinese for "zh*" or nothing, else English."""
    text = str(value or "").strip().lower()
    return "zh" if not text or text.startswith("zh") else "en"
