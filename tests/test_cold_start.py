"""Rules of a fast start: the lexical route's saved state is used only when it fits, and
changes nothing that is answered."""

import hashlib
import json

import pytest

from assistant import Assistant, Settings
from assistant.language.text import HomophoneMender, Segmenter
from assistant.retrieve.routes import Analyzer, LexicalRetriever
from assistant.retrieve.store import IndexStore, LexicalCache
from assistant.types import Unit

WORDS = ["共赢贷", "科创贷", "市科技创新局"]
UNITS = [
    Unit("plan/1", "plan", "measure", 1, ("一、科技信贷",), "推广共赢贷",
         "推广“共赢贷”产品,为科技型企业发放最长3年期、最高额度1000万元的信用贷款。", ("市科技创新局",)),
    Unit("plan/2", "plan", "measure", 2, ("一、科技信贷",), "创新科创贷",
         "银行推出“科创贷”,对首贷户给予贴息,贴息比例不超过50%。", ("市财政局", "市科技创新局")),
    Unit("plan/3", "plan", "measure", 3, ("二、科技保险",), "发展科技保险",
         "鼓励保险机构开发研发费用损失保险,保费补贴最高30万元。", ("市地方金融管理局",)),
]
QUESTIONS = ["共赢贷最高能贷多少", "首贷户贴息比例", "科技保险保费补贴", "研发费用损失险", "贷款"]


class RecordingCache:
    """A ``LexicalCache`` that records, start by start, whether the saved state was found, and each save."""

    def __init__(self, path) -> None:
        self.cache = LexicalCache(path)
        self.found: list[bool] = []
        self.saves = 0

    def load(self, inputs):
        state = self.cache.load(inputs)
        self.found.append(state is not None)
        return state

    def save(self, inputs, state) -> None:
        self.saves += 1
        self.cache.save(inputs, state)


def rankings(route: LexicalRetriever) -> list[list[tuple[str, float]]]:
    return [[(hit.unit.id, hit.score) for hit in route.search(question, 3)] for question in QUESTIONS]


@pytest.fixture(scope="module")
def from_scratch():
    """The rankings of a route built without any cache."""
    return rankings(LexicalRetriever(UNITS, Analyzer(WORDS)))


@pytest.fixture
def cache(tmp_path):
    return RecordingCache(tmp_path / ".index.lexical")


def test_a_start_without_a_cache_saves_one_that_the_next_start_reads(cache, from_scratch):
    first = LexicalRetriever.from_cache(UNITS, WORDS, cache)
    second = LexicalRetriever.from_cache(UNITS, WORDS, cache)
    assert (cache.found, cache.saves) == ([False, True], 1)
    assert rankings(first) == rankings(second) == from_scratch


def test_a_route_from_the_cache_tokenises_every_unit_as_one_from_scratch(cache):
    LexicalRetriever.from_cache(UNITS, WORDS, cache)
    cached = LexicalRetriever.from_cache(UNITS, WORDS, cache)
    assert cache.found == [False, True]
    assert cached.unit_tokens == LexicalRetriever(UNITS, Analyzer(WORDS)).unit_tokens


def test_a_cache_saved_for_other_units_is_computed_again_and_replaced(cache):
    LexicalRetriever.from_cache(UNITS, WORDS, cache)
    changed = [UNITS[0], UNITS[1], Unit("plan/3", "plan", "measure", 3, ("二、科技保险",), "发展科技保险",
                                        "鼓励保险机构开发首台套保险,保费补贴最高50万元。")]
    route = LexicalRetriever.from_cache(changed, WORDS, cache)
    again = LexicalRetriever.from_cache(changed, WORDS, cache)
    assert (cache.found, cache.saves) == ([False, False, True], 2)
    assert rankings(route) == rankings(again) == rankings(LexicalRetriever(changed, Analyzer(WORDS)))


def test_a_cache_saved_for_other_user_words_is_computed_again(cache):
    LexicalRetriever.from_cache(UNITS, WORDS, cache)
    route = LexicalRetriever.from_cache(UNITS, WORDS[:1], cache)
    assert cache.found == [False, False]
    assert rankings(route) == rankings(LexicalRetriever(UNITS, Analyzer(WORDS[:1])))


@pytest.mark.parametrize("damage", ["flipped payload byte", "truncated", "header garbled", "empty", "not marshal"])
def test_a_corrupted_cache_is_computed_again_and_replaced(cache, from_scratch, damage):
    LexicalRetriever.from_cache(UNITS, WORDS, cache)
    path = cache.cache.path
    data = bytearray(path.read_bytes())
    head_end = data.index(b"\n")
    if damage == "flipped payload byte":
        data[head_end + len(data[head_end:]) // 2] ^= 0x01
    elif damage == "truncated":
        data = data[: len(data) - 100]
    elif damage == "header garbled":
        data[:head_end] = b"\xff\xfe not json"
    elif damage == "empty":
        data = bytearray()
    else:  # a payload marshal cannot read, under a header that vouches for it
        header = json.loads(data[:head_end])
        payload = b"\xff\x00 not marshal"
        header.update(bytes=len(payload), sha256=hashlib.sha256(payload).hexdigest())
        data = bytearray(json.dumps(header).encode() + b"\n" + payload)
    path.write_bytes(bytes(data))
    route = LexicalRetriever.from_cache(UNITS, WORDS, cache)
    assert rankings(route) == from_scratch
    assert cache.found == [False, False] and cache.saves == 2
    assert rankings(LexicalRetriever.from_cache(UNITS, WORDS, cache)) == from_scratch
    assert cache.found[-1] is True, "the damaged cache was replaced"


def test_a_cache_of_another_shape_is_not_used(cache, from_scratch):
    LexicalRetriever.from_cache(UNITS, WORDS, cache)
    inputs = {"analyzer": Analyzer(WORDS).signature(), "documents": LexicalRetriever.documents(UNITS)}
    cache.cache.save(inputs, ({"共赢贷": 1}, [["共赢贷"]]))  # the right key over a state of the wrong shape
    route = LexicalRetriever.from_cache(UNITS, WORDS, cache)
    assert rankings(route) == from_scratch
    assert cache.saves == 2, "the ill-shaped state was replaced"


def test_a_cache_that_cannot_be_written_leaves_the_route_as_from_scratch(tmp_path, from_scratch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = RecordingCache(blocker / ".index.lexical")
    route = LexicalRetriever.from_cache(UNITS, WORDS, cache)
    assert rankings(route) == from_scratch
    assert not cache.cache.path.exists() and list(tmp_path.iterdir()) == [blocker]


def test_a_segmenter_from_a_saved_dictionary_cuts_as_one_built_from_jieba():
    built = Segmenter(WORDS)
    text = "推广共赢贷产品,市科技创新局为科技型企业发放信用贷款"
    saved = Segmenter(WORDS, built.dictionary())
    assert saved.words(text) == built.words(text) and saved.cut(text) == built.cut(text)


def test_a_run_the_documents_use_is_never_mended_as_a_name():
    names = ["鄂创融"]
    assert HomophoneMender(names, known=lambda text: False).mend("鄂创荣怎么申请") == "鄂创融怎么申请"
    assert HomophoneMender(names, known=lambda text: text == "鄂创荣").mend("鄂创荣怎么申请") == "鄂创荣怎么申请"


def test_the_cache_lives_beside_the_store_not_in_it(tmp_path):
    store = IndexStore(tmp_path / "index", embedder=None)
    assert store.lexical_cache().path.parent == tmp_path


def test_an_assistant_started_from_the_cache_answers_as_one_started_without(corpus, tmp_path):
    questions = ["知识价值信用贷款最高能贷多少？", "鄂创荣是什么", "黄鹤凌云计划由谁牵头", "共嬴贷的额度"]
    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    first = Assistant(settings, corpus=corpus, embedder=None)  # computes the state and saves it
    second = Assistant(settings, corpus=corpus, embedder=None)  # reads it
    unwritable = tmp_path / "a-file"
    unwritable.write_text("not a folder")
    without = Assistant(Settings(index_dir=unwritable / "index", data_dir=tmp_path / "data"), corpus=corpus,
                        embedder=None)  # can neither read nor save one
    answers = [[assistant.ask(q) for q in questions] for assistant in (first, second, without)]
    texts = [[(a.text, a.citations, a.refused) for a in one] for one in answers]
    assert IndexStore(settings.index_dir, None).lexical_cache().path.is_file()
    assert texts[0] == texts[1] == texts[2]
