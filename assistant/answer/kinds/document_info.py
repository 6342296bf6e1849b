"""Who issued each plan and when (and the period its title gives), quoted from its notice."""

from __future__ import annotations

import re

from ...language.text import YEAR, YEAR_SAID
from ...retrieve.routes import chinese_number
from ...types import Answer, Corpus
from ...understand.question import Query
from ..writing import AnswerKind, Citations, Draft, Writer, count_word, refusal


_PERIOD = re.compile(rf"[(（]\s*{YEAR}\s*[—–-]+\s*{YEAR_SAID}\s*[)）]")
_ASKS_PERIOD = re.compile(r"管到|管哪|执行期|实施期|有效期|规划期|期限|到哪一?年|时间跨度|几年的|哪几年|\bperiod\b|\buntil\b|\bcovers?\b|\bspans?\b|run (to|until)")


_YEAR_SET = re.compile(rf"到\s*({YEAR})\s*年(底|末)?")
_TITLED_ISSUERS = re.compile(r"\s*(\S{2,20}?等([一二三四五六七八九十两]+|\d+)个?部门)关于")  # 省委金融办等八部门关于印发…


def _period_line(w: Writer, corpus: Corpus, doc_id: str, cites: Citations) -> str | None:
    """Asked which years a plan covers: the period its title gives or, where the title gives none,
    the years its overall goals are set for (到 2027 年底 … 到 2030 年), quoted."""
    unit, label = corpus.unit(f"{doc_id}/preamble"), w.p["doc_names"].get(doc_id, doc_id)
    titled = re.search(r"《[^》]*" + _PERIOD.pattern + r"[^》]*》", unit.text) or _PERIOD.search(unit.text)
    if titled:
        title = titled.group(0)
        years = re.search(rf"{YEAR}\s*[—–-]+\s*{YEAR_SAID}", title).group(0)
        return w.p["period_first"].format(label=label, years=w.script(years), quote=w.script(title),
                                          m=cites.mark(unit, title))
    goals = corpus.unit(f"{doc_id}/goals") if corpus.has(f"{doc_id}/goals") else None
    dated = list(_YEAR_SET.finditer(goals.text)) if goals is not None else []
    if not dated:
        return None
    end = goals.text.find("。", dated[-1].end())
    quote = goals.text[dated[0].start():end + 1 if end >= 0 else len(goals.text)]
    years = w.p["sep"].join(w.script(m.group(0)[1:].strip()) for m in dated)
    return w.p["no_period"].format(label=label, years=years, m=cites.mark(goals, quote))


def _document_info(w: Writer, q: Query, corpus: Corpus) -> Answer:
    """Who issued each plan and when, quoted from its issuing notice; asked which years a plan
    covers, that first."""
    cites = Citations()
    docs = q.docs or tuple(d.doc_id for d in corpus.documents)
    asks_period = bool(_ASKS_PERIOD.search(q.normalized))
    lines = [line for doc_id in docs if asks_period and (line := _period_line(w, corpus, doc_id, cites))]
    for doc_id in docs:
        unit = corpus.unit(f"{doc_id}/preamble")
        info = corpus.document(doc_id)
        body = unit.text.split("\n")
        date_at = next((i for i, line in enumerate(body) if re.fullmatch(r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*", line)), None)
        if date_at is None:
            continue
        start = max(i for i, line in enumerate(body[:date_at]) if line.rstrip().endswith(("。", ":", "："))) + 1 \
            if any(line.rstrip().endswith(("。", ":", "：")) for line in body[:date_at]) else 0
        issuers = w.p["sep"].join(w.script(line.strip()) for line in body[start:date_at])
        number = f"({info.number})" if info.number and info.number in unit.text else ""
        count = date_at - start
        # the notice's own title may name them as a whole ("省委金融办等八部门关于印发…"): that first,
        # when it counts the signatories the notice lists
        short = _TITLED_ISSUERS.match(body[0]) if count > 2 else None
        short = short if short and chinese_number(short.group(2)) == count else None
        marker = cites.mark(unit, "\n".join(body[0 if short else start: date_at + 1]))
        key = "issued_titled" if short else "issued_jointly" if count > 2 else "issued"
        lines.append(w.p[key].format(label=w.label(unit), issuers=issuers, date=w.script(body[date_at].strip()),
                                     number=number, m=marker, count=count_word(w, count),
                                     short=w.script(short.group(1)) if short else ""))
    if not lines:
        return refusal(w, "not_found")
    return w.finish(lines, cites, False)


def applies(q: Query) -> bool:
    return q.intent == "document_info"


def compose(d: Draft) -> Answer | None:
    return _document_info(d.w, d.q, d.corpus)


KIND = AnswerKind("document_info", applies, compose)
