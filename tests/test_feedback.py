"""The SQLite feedback store: what it keeps, under concurrency, and how it exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading

import pytest

from assistant import Citation
from assistant.feedback import CSV_COLUMNS, FeedbackStore

CITATIONS = (Citation("wuhan/8", "最長3年期、最高額度1000萬元"), Citation("hubei/annex-7", "组建湖北科技金融创新研究中心"))


@pytest.fixture
def store(tmp_path):
    store = FeedbackStore.in_directory(tmp_path / "data")
    yield store
    store.close()


def _add(store, question="知识价值信用贷款最多贷多少?", helpful=True, comment=""):
    return store.add(question=question, answer="最高1000万元[1]。", citations=CITATIONS, refused=False,
                     helpful=helpful, comment=comment, session="s1")


def test_store_creates_nothing_until_first_use(tmp_path):
    store = FeedbackStore.in_directory(tmp_path / "data")
    assert not (tmp_path / "data").exists()
    _add(store)
    assert (tmp_path / "data" / "feedback.sqlite3").is_file()
    store.close()


def test_store_uses_wal_journal_mode(store):
    _add(store)
    assert store.journal_mode() == "wal"
    with sqlite3.connect(store.path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_feedback_reads_back_with_question_answer_citations_and_time(store):
    feedback_id = _add(store, helpful=False, comment="没说利率")
    item = store.get(feedback_id)
    assert (item.helpful, item.comment, item.question, item.answer, item.refused, item.session) == (
        False, "没说利率", "知识价值信用贷款最多贷多少?", "最高1000万元[1]。", False, "s1")
    assert item.citations == CITATIONS
    assert item.created_at.endswith("+00:00") and item.created_at[:2] == "20"


def test_comment_can_be_added_after_the_vote(store):
    feedback_id = _add(store)
    store.set_comment(feedback_id, "很清楚")
    assert store.get(feedback_id).comment == "很清楚"


def test_comment_on_unknown_feedback_raises_key_error(store):
    with pytest.raises(KeyError):
        store.set_comment(999, "x")
    with pytest.raises(KeyError):
        store.get(999)


def test_recent_lists_newest_first_up_to_the_limit(store):
    ids = [_add(store, question=f"问题{i}") for i in range(5)]
    assert [item.id for item in store.recent(3)] == ids[:1:-1]
    assert [item.id for item in store.all()] == ids


def test_concurrent_submissions_from_many_threads_are_all_stored(store):
    threads_count, per_thread = 20, 20
    errors: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def submit(thread: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                _add(store, question=f"t{thread}-q{i}", helpful=i % 2 == 0)
        except BaseException as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(t,)) for t in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.count() == threads_count * per_thread
    assert {item.question for item in store.all()} == {
        f"t{t}-q{i}" for t in range(threads_count) for i in range(per_thread)}


def test_concurrent_submissions_through_separate_connections_are_all_stored(tmp_path):
    # Two stores on one file stand for two app processes: WAL and the busy timeout serialise them.
    stores = [FeedbackStore.in_directory(tmp_path) for _ in range(2)]
    errors: list[BaseException] = []

    def submit(store: FeedbackStore, thread: int) -> None:
        try:
            for i in range(25):
                _add(store, question=f"{thread}-{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=submit, args=(stores[t % 2], t)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stores[0].count() == stores[1].count() == 200
    for store in stores:
        store.close()


def test_first_use_waits_for_a_writer_instead_of_failing(tmp_path):
    # Another process in the middle of a write when the store first switches the file to WAL.
    path = tmp_path / "feedback.sqlite3"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE unrelated (x)")
    other.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    store = FeedbackStore(path)
    try:
        _add(store)
        assert store.count() == 1 and store.journal_mode() == "wal"
    finally:
        release.join()
        other.close()
        store.close()


def test_export_csv_has_a_header_and_one_row_per_feedback(store):
    first = _add(store, helpful=True)
    second = _add(store, question='含"引号",逗号\n和换行', helpful=False, comment="不对")
    rows = list(csv.reader(io.StringIO(store.export_csv())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 3
    assert rows[1][:3] == [str(first), store.get(first).created_at, "yes"]
    assert rows[2][0] == str(second)
    assert rows[2][2:5] == ["no", "不对", '含"引号",逗号\n和换行']
    assert json.loads(rows[2][7]) == [{"id": c.unit_id, "quote": c.quote} for c in CITATIONS]
