"""Who issued each plan and when (and the period its title gives), quoted from its notice."""

from __future__ import annotations

import re

from ...types import Answer, Corpus
from ...understand.question import Query
from ..writing import AnswerKind, Citations, Draft, Writer, count_word, refusal


_PERIOD = re.compile(r"[(（]\s*20\d\d\s*[—–-]+\s*20\d\d\s*年\s*[)）]")
_ASKS_PERIOD = re.compile(r"管到|执行期|实施期|有效期|期限|到哪一?年|时间跨度|几年的|哪几年|\bperiod\b|\buntil\b|\bcovers?\b|run (to|until)")


def _document_info(w: Writer, q: Query, corpus: Corpus) -> Answer:
    """Who issued each plan and when, quoted from its issuing notice."""
    cites = Citations()
    lines = []
    docs = q.docs or tuple(d.doc_id for d in corpus.documents)
    for doc_id in docs:
        unit = corpus.unit(f"{doc_id}/preamble")
        info = corpus.document(doc_id)
        body = unit.text.split("\n")
        date_at = next((i for i, line in enumerate(body) if re.fullmatch(r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*", line)), None)
        if date_at is None:
            continue
        start = max(i for i, line in enumerate(body[:date_at]) if line.rstrip().endswith(("。", ":", "："))) + 1 \
            if any(line.rstrip().endswith(("。", ":", "：")) for line in body[:date_at]) else 0
        signature = "\n".join(body[start : date_at + 1])
        marker = cites.mark(unit, signature)
        issuers = w.p["sep"].join(w.script(line.strip()) for line in body[start:date_at])
        number = f"({info.number})" if info.number and info.number in unit.text else ""
        count = date_at - start
        key = "issued_jointly" if count > 2 else "issued"
        lines.append(w.p[key].format(label=w.label(unit), issuers=issuers, date=w.script(body[date_at].strip()),
                                     number=number, m=marker, count=count_word(w, count)))
        titled = re.search(r"《[^》]*" + _PERIOD.pattern + r"[^》]*》", unit.text)
        period = titled.group(0) if titled else next((line.strip() for line in body if _PERIOD.search(line)), None)
        if period and _ASKS_PERIOD.search(q.normalized):
            # "是2023年发的吧,管到2025年?": the period its title gives
            lines.append(w.p["period"].format(label=w.label(unit), quote=w.script(period), m=cites.mark(unit, period)))
    if not lines:
        return refusal(w, "not_found")
    return w.finish(lines, cites, False)


def applies(q: Query) -> bool:
    return q.intent == "document_info"


def compose(d: Draft) -> Answer | None:
    return _document_info(d.w, d.q, d.corpus)


KIND = AnswerKind("document_info", applies, compose)
