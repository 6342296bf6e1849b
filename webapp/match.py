"""The 政策匹配 tab: a description read into a short form (kinds, stages, needs, place) that the
person may edit, and the form matched into a checklist of measures to tick, download as CSV
and print.

The handlers call the library (``Assistant.match`` reads a description, ``Assistant.match_form``
matches the form, ``Assistant.match_choices`` lists the form's choices) and render with
``view``. Each session keeps the description it last read and the form it last matched, so
that a language switch shows both again in the other language. Every handler catches what
it does not expect, logs it and shows a friendly message.
"""

# No ``from __future__ import annotations``: Gradio reads handlers' annotations at run time.

import logging

from assistant import Assistant, InputRejected

from . import view
from .texts import TEXTS, language_of

log = logging.getLogger(__name__)

# Descriptions to start from: (label, description).
MATCH_EXAMPLES = [
    ("信用贷款", "武汉一家科技型中小企业，没有抵押物，想申请信用贷款"),
    ("初创芯片企业", "我们是东湖高新区一家成立两年的芯片设计企业，有十几项专利，但没有抵押物，想贷款扩产"),
    ("保险机构", "我们是一家财险公司，有哪些政策可以用？"),
    ("English", "We are a two-year-old chip-design startup in Optics Valley, Wuhan, with patents but no "
                "collateral. We need a loan."),
]


class MatchPage:
    """The tab's handlers over one assistant: read a description, match a form, switch language."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self.choices = assistant.match_choices()
        self.corpus = assistant.corpus

    def options(self, names, lang: str) -> list[tuple[str, str]]:
        """(label in the page language, vocabulary name) for a field's choices."""
        return [(self.choices.label(name, lang), name) for name in names]

    def place_options(self, lang: str) -> list[tuple[str, str]]:
        """The place field's choices, "not said" first."""
        return [(TEXTS[lang]["match_place_none"], "")] + self.options(self.choices.places, lang)

    def understood_view(self, profile, lang: str):
        """What was read from a description, or why it was not; and the result it was read into."""
        if profile is None:
            return view.match_hint_html(TEXTS[lang]["match_read_hint"]), None
        try:
            result = self.assistant.match(profile)
        except InputRejected as exc:
            return view.match_message_html(view.rejection_message(exc, lang)), None
        except Exception:
            log.exception("reading a profile failed")
            return view.match_message_html(view.failure_message(lang)), None
        html = view.match_understood_html(result.understood, self.choices, lang, TEXTS[lang]["match_read_head"])
        return html, result

    def result_view(self, form, lang: str) -> str:
        """The checklist for a form, the note when nothing applies, or why it could not be matched."""
        if form is None:
            return view.match_hint_html(TEXTS[lang]["match_hint"])
        try:
            result = self.assistant.match_form(language=lang, **form)
        except InputRejected as exc:
            return view.match_message_html(view.rejection_message(exc, lang))
        except Exception:
            log.exception("matching a form failed")
            return view.match_message_html(view.failure_message(lang))
        return view.match_result_html(result, self.corpus, self.choices, lang)

    def read_description(self, profile: str, lang: str):
        """读取: the form filled from the description and what was read (the old checklist cleared);
        a rejected description leaves the form and the checklist be."""
        import gradio as gr

        lang = language_of(lang)
        profile = profile if isinstance(profile, str) else ""
        html, result = self.understood_view(profile, lang)
        if result is None:
            return html, gr.skip(), gr.skip(), gr.skip(), gr.skip(), profile, gr.skip(), gr.skip()
        form = result.form
        return (html, list(form.entity), list(form.stage), list(form.needs), form.place or "", profile,
                view.match_hint_html(TEXTS[lang]["match_hint"]), None)

    def run_match(self, entity, stage, needs, place, lang: str, described=None):
        """匹配: the checklist for the form as it stands, and the form (kept for a language switch);
        ``described``, the description last read, lets the learned second opinion judge an unedited form."""
        lang = language_of(lang)
        form = {"entity": entity or [], "stage": stage or [], "needs": needs or [], "place": place or None,
                "description": described if isinstance(described, str) else ""}
        return self.result_view(form, lang), form

    def apply_language(self, lang: str, last_read, last_form):
        """Every label and choice in the page language; what was read and matched shown again in it."""
        import gradio as gr

        lang = language_of(lang)
        t = TEXTS[lang]
        return (gr.update(label=t["tab_match"]),
                gr.update(label=t["match_profile_label"], placeholder=t["match_placeholder"]),
                gr.update(value=t["match_read"]), self.understood_view(last_read, lang)[0],
                gr.update(label=t["match_entity"], choices=self.options(self.choices.kinds, lang)),
                gr.update(label=t["match_stage"], choices=self.options(self.choices.stages, lang)),
                gr.update(label=t["match_needs"], choices=self.options(self.choices.needs, lang)),
                gr.update(label=t["match_place"], choices=self.place_options(lang)),
                gr.update(value=t["match_run"]), self.result_view(last_form, lang))


def build_match_tab(assistant: Assistant, language) -> None:
    """The 政策匹配 tab and its events, inside the Blocks being built; ``language`` is the page's switch."""
    import gradio as gr

    from .chat import static_text

    page = MatchPage(assistant)
    choices = page.choices
    t = TEXTS["zh"]
    private = {"api_visibility": "private"}
    with gr.Tab(t["tab_match"], id="match") as tab:
        last_read = gr.State(None)  # the description last read (None: none yet)
        last_form = gr.State(None)  # the form last matched, as the keyword arguments of match_form
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=300):
                profile = gr.Textbox(label=t["match_profile_label"], placeholder=t["match_placeholder"], lines=3,
                                     max_lines=8, elem_id="match-profile")
                read = gr.Button(t["match_read"], elem_id="match-read")
                understood = gr.HTML(view.match_hint_html(t["match_read_hint"]), elem_id="match-understood")
                gr.Examples([[text] for _, text in MATCH_EXAMPLES], inputs=[profile], label=t["match_examples"],
                            example_labels=[f"【{label}】{text}" for label, text in MATCH_EXAMPLES])
            with gr.Column(scale=1, min_width=300, elem_id="match-form"):
                entity = gr.Dropdown(page.options(choices.kinds, "zh"), value=[], multiselect=True,
                                     label=t["match_entity"], elem_id="match-entity")
                stage = gr.Dropdown(page.options(choices.stages, "zh"), value=[], multiselect=True,
                                    label=t["match_stage"], elem_id="match-stage")
                needs = gr.Dropdown(page.options(choices.needs, "zh"), value=[], multiselect=True,
                                    label=t["match_needs"], elem_id="match-needs")
                place = gr.Dropdown(page.place_options("zh"), value="", label=t["match_place"], filterable=True,
                                    elem_id="match-place")
                run = gr.Button(t["match_run"], variant="primary", elem_id="match-run")
        result = gr.HTML(view.match_hint_html(t["match_hint"]), js_on_load=static_text("match.js"),
                         elem_id="match-result")

    form_fields = [entity, stage, needs, place]
    read_io = dict(fn=page.read_description, inputs=[profile, language],
                   outputs=[understood, *form_fields, last_read, result, last_form], show_progress="minimal",
                   **private)
    read.click(**read_io)
    profile.submit(**read_io)
    run.click(page.run_match, [*form_fields, language, last_read], [result, last_form], show_progress="minimal",
              **private)
    language.change(page.apply_language, [language, last_read, last_form],
                    [tab, profile, read, understood, *form_fields, run, result], show_progress="hidden", **private)
