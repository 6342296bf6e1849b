"""The lexicon as reviewed data: every group carries examples, and the tests run them all."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.language.text import Segmenter, normalize, reading
from assistant.retrieve.adapters import passage_text
from assistant.retrieve.lexicon import (SECTIONS, canonical_unit_names, corpus_terms, defined_terms, expand_query,
                                        parse_groups, plan_units, stopwords, synonyms, topic_terms, unit_aliases,
                                        word_groups)
from assistant.retrieve.routes import ExactRetriever, mentioned_docs

# Expansions the documents do not use as written (checked against what lexical search indexes,
# reported to the owner and left as they are): 牵头单位 heads only the annex table's column, which
# the parser reads as structure; 轻资产 stands only in the sentence after the hubei heading
# (二)重构政府公共征信体系, which no unit holds; 抵押 (the documents write 抵质押) and 再保险 do not occur.
NOT_IN_DOCUMENTS = frozenset({"牵头单位", "轻资产", "抵押", "再保险"})

# Each section's example kinds: what a group must get right, and the look-alikes it must leave alone.
EXAMPLE_KINDS = {
    "synonyms": ("expand", "no_expand"),
    "unit_aliases": ("resolve", "no_resolve"),
    "plan_units": ("resolve", "no_resolve"),
    "defined_terms": ("named", "not_named"),
    "stopwords": ("dropped", "kept"),
}

GROUPS = [(section, group.name) for section in SECTIONS for group in word_groups(section)]


def _group(section: str, name: str):
    return next(g for g in word_groups(section) if g.name == name)


def _ids(section: str) -> list[str]:
    return [g.name for g in word_groups(section)]


@pytest.fixture(scope="module")
def exact(corpus):
    return ExactRetriever(corpus)


@pytest.fixture(scope="module")
def indexed_text(corpus):
    """What lexical search indexes for every unit (title, section, text, unit names), normalised."""
    return "|".join(normalize(passage_text(u) + " " + " ".join(u.units)) for u in corpus.units)


@pytest.fixture(scope="module")
def segmenter(corpus):
    return Segmenter(sorted(corpus_terms(corpus.units)))


# structure


def test_the_lexicon_has_its_sections():
    assert {section for section, _ in GROUPS} == set(SECTIONS)


@pytest.mark.parametrize("section,name", GROUPS)
def test_every_group_says_what_it_is_about_and_has_words(section, name):
    group = _group(section, name)
    assert group.about.strip() and "\n" not in group.about, f"{section}/{name}: about must be one line"
    assert group.words, f"{section}/{name}: no words"


@pytest.mark.parametrize("section,name", [g for g in GROUPS if g[0] != "stopwords"])
def test_every_group_has_two_examples_it_gets_and_one_look_alike(section, name):
    positive, negative = EXAMPLE_KINDS[section]
    examples = _group(section, name).examples
    assert len(examples.get(positive, ())) >= 2 and len(examples.get(negative, ())) >= 1, \
        f"rules/lexicon.yaml: {section}/{name} needs two {positive} and one {negative} examples"


def test_stopwords_show_a_dropped_word_and_a_kept_content_word():
    examples = word_groups("stopwords")[0].examples
    assert examples.get("dropped") and examples.get("kept")


def test_every_synonym_key_is_written_as_normalised_questions_are():
    assert [k for k in synonyms() if normalize(k) != k] == []


def test_every_expansion_is_a_word_the_documents_use(indexed_text):
    missing = sorted({v for values in synonyms().values() for v in values if normalize(v) not in indexed_text})
    assert set(missing) <= NOT_IN_DOCUMENTS, f"expansions the documents do not use: {missing}"


def test_the_list_of_expansions_not_in_the_documents_is_not_stale(indexed_text):
    used = {v for values in synonyms().values() for v in values}
    assert NOT_IN_DOCUMENTS <= used and not any(normalize(v) in indexed_text for v in NOT_IN_DOCUMENTS)


# synonyms


@pytest.mark.parametrize("name", _ids("synonyms"))
def test_every_synonym_group_expands_its_examples(name):
    group = _group("synonyms", name)
    wrong = [(ex["question"], sorted(set(ex["adds"]) - set(expand_query(reading(ex["question"])))))
             for ex in group.examples["expand"]]
    assert not [w for w in wrong if w[1]], f"rules/lexicon.yaml: synonyms/{name}: missing expansions {wrong}"


@pytest.mark.parametrize("name", _ids("synonyms"))
def test_no_synonym_group_expands_its_look_alikes(name):
    group = _group("synonyms", name)
    own = {v for _, values in group.entries for v in values}
    wrong = [(q, sorted(own & set(expand_query(reading(q))))) for q in group.examples["no_expand"]]
    assert not [w for w in wrong if w[1]], f"rules/lexicon.yaml: synonyms/{name}: look-alikes expanded {wrong}"


def test_a_multi_character_key_is_one_subject_with_its_expansions(segmenter, exact):
    norm = reading("没有抵押能贷款吗")
    groups = topic_terms(norm, segmenter.cut(norm), exact.vocabulary)
    assert ("没有抵押", "信用贷款", "信用", "纯信用") in groups
    assert not any(g[0] == "抵押" for g in groups)



def test_a_hyphened_english_key_is_one_subject_with_its_expansions(segmenter, exact):
    norm = reading("Is a counter-guarantee needed, and what is the per-borrower cap?")
    groups = topic_terms(norm, segmenter.cut(norm), exact.vocabulary)
    assert ("反担保",) in groups and ("单户",) in groups


# unit aliases


def test_every_alias_names_its_canonical_unit():
    names = canonical_unit_names()
    assert all(names[normalize(alias)] == canonical
               for canonical, aliases in unit_aliases().items() for alias in (canonical, *aliases))


@pytest.mark.parametrize("name", _ids("unit_aliases"))
def test_every_unit_group_resolves_its_examples(name, exact):
    group = _group("unit_aliases", name)
    wrong = [(ex["question"], ex["unit"], exact.units_named(reading(ex["question"])))
             for ex in group.examples["resolve"]]
    assert not [w for w in wrong if w[1] not in w[2]], f"rules/lexicon.yaml: unit_aliases/{name}: {wrong}"


@pytest.mark.parametrize("name", _ids("unit_aliases"))
def test_no_unit_group_resolves_its_look_alikes(name, exact):
    group = _group("unit_aliases", name)
    wrong = [(q, sorted(set(group.words) & set(exact.units_named(reading(q))))) for q in group.examples["no_resolve"]]
    assert not [w for w in wrong if w[1]], f"rules/lexicon.yaml: unit_aliases/{name}: look-alikes resolved {wrong}"


@pytest.mark.parametrize("question, docs", [
    ("省委金融办牵头的那个工作方案里有没有写亏损比例", ["hubei"]), ("这个行动方案是哪天印发的", ["wuhan"]),
    ("武汉市自己那份呢 同一年有没有写具体数字", ["wuhan"]), ("湖北自己那份怎么说", ["hubei"]),
    ("省政府嗰份方案有冇寫存續期上限係幾多年？", ["hubei"]), ("市政府那份有没有写", ["wuhan"]),
    ("Item 2: set up the Wuhan Sci-Tech Finance Service Center as an offline venue", []),  # a centre, no plan
])
def test_a_plan_pointed_at_by_the_kind_of_plan_it_is_is_named(exact, question, docs):
    assert mentioned_docs(reading(question), exact.corpus) == docs


def test_a_plan_named_by_its_kind_in_title_marks_says_where_to_look_not_what_about(exact):
    from assistant.retrieve.routes import without_mentions
    rest = without_mentions(reading("市级《行动方案》与省级《工作方案》分别提出了哪些载体"), exact.corpus)
    assert "行动" not in rest and "工作" not in rest and "载体" in rest


@pytest.mark.parametrize("name", _ids("plan_units"))
def test_an_office_named_without_saying_whose_is_the_one_of_the_plan_asked_about(name, exact):
    group = _group("plan_units", name)
    wrong = [(ex["question"], ex["unit"], exact.office_named(reading(ex["question"]), mentioned_docs(reading(ex["question"]), exact.corpus)))
             for ex in group.examples["resolve"]]
    assert not [w for w in wrong if w[1] not in w[2]], f"rules/lexicon.yaml: plan_units/{name}: {wrong}"
    # with no plan to go by, none is guessed
    unsure = [q for q in group.examples["no_resolve"] if exact.office_named(reading(q), mentioned_docs(reading(q), exact.corpus))]
    assert not unsure, f"rules/lexicon.yaml: plan_units/{name}: resolved without a plan {unsure}"


def test_every_office_a_question_names_is_read_and_a_unit_named_in_full_is_no_office_word(exact):
    assert exact.office_named(reading("武汉方案里国资委和财政局各负责什么"), ["wuhan"]) == ["市政府国资委", "市财政局"]
    assert exact.office_named(reading("湖北省国资委呢"), ["wuhan"]) == []


def test_every_office_resolves_to_units_each_plan_names(corpus):
    named = {name for unit in corpus.units for name in unit.units}
    assert not [u for units in plan_units().values() for u in units if u not in named]


# defined terms


@pytest.mark.parametrize("name", _ids("defined_terms"))
def test_every_defined_term_group_names_its_examples(name, exact):
    group = _group("defined_terms", name)
    wrong = [(ex["question"], sorted({normalize(n) for n in ex["names"]} - set(exact.names_in(reading(ex["question"])))))
             for ex in group.examples["named"]]
    assert not [w for w in wrong if w[1]], f"rules/lexicon.yaml: defined_terms/{name}: names not read {wrong}"


@pytest.mark.parametrize("name", _ids("defined_terms"))
def test_no_defined_term_group_names_its_look_alikes(name, exact):
    group = _group("defined_terms", name)
    own = {normalize(t) for t in group.words}
    wrong = [(q, sorted(own & set(exact.names_in(reading(q))))) for q in group.examples["not_named"]]
    assert not [w for w in wrong if w[1]], f"rules/lexicon.yaml: defined_terms/{name}: look-alikes named {wrong}"


def test_every_defined_term_is_a_corpus_term(corpus):
    assert {normalize(t) for t in defined_terms() if len(t) >= 2} <= corpus_terms(corpus.units)


# stop words


def _subject_words(question: str, segmenter: Segmenter, exact: ExactRetriever) -> set[str]:
    norm = reading(question)
    return {word for group in topic_terms(norm, segmenter.cut(norm), exact.vocabulary) for word in group}


def test_stopwords_are_never_a_questions_subject(segmenter, exact):
    examples = word_groups("stopwords")[0].examples["dropped"]
    assert all(set(ex["words"]) <= stopwords() for ex in examples)
    wrong = [(ex["question"], sorted(set(ex["words"]) & _subject_words(ex["question"], segmenter, exact)))
             for ex in examples]
    assert not [w for w in wrong if w[1]], f"rules/lexicon.yaml: stop words taken as subjects {wrong}"


def test_content_words_beside_stopwords_stay_the_subject(segmenter, exact):
    examples = word_groups("stopwords")[0].examples["kept"]
    wrong = [(ex["question"], sorted(set(ex["words"]) - _subject_words(ex["question"], segmenter, exact)))
             for ex in examples]
    assert not [w for w in wrong if w[1]], f"rules/lexicon.yaml: content words lost {wrong}"


# the loader


SMALL_SECTION = [
    {"name": "loans", "about": "loans", "words": {"借钱": ["贷款", "融资"], "流贷": "流动资金贷款"},
     "examples": {"expand": [{"question": "想借钱", "adds": ["贷款"]}], "no_expand": ["借用"]}},
    {"name": "english", "about": "English", "words": {"loan": ["贷款"]}},
]


def test_groups_keep_their_words_and_meanings_in_file_order():
    loans, english = parse_groups("synonyms", SMALL_SECTION)
    assert loans.entries == (("借钱", ("贷款", "融资")), ("流贷", ("流动资金贷款",)))
    assert english.words == ("loan",)
    assert loans.examples["no_expand"] == ("借用",)


def test_a_word_list_is_read_as_words_without_meanings():
    (group,) = parse_groups("stopwords", {"name": "stopwords", "about": "x", "words": ["的", "了"]})
    assert group.entries == (("的", ()), ("了", ()))


def test_a_word_listed_twice_in_a_section_is_an_error():
    twice = [*SMALL_SECTION, {"name": "again", "about": "x", "words": {"借钱": ["贷款"]}}]
    with pytest.raises(ValueError, match="rules/lexicon.yaml: synonyms: '借钱' is listed twice"):
        parse_groups("synonyms", twice)


def test_a_bad_group_names_its_section_and_group():
    with pytest.raises(ValueError, match="rules/lexicon.yaml: bad synonyms group 'broken'"):
        parse_groups("synonyms", [{"name": "broken", "about": "x"}])


def test_importing_the_lexicon_reads_no_file():
    code = ("import sys; import assistant.retrieve.lexicon as lexicon;"
            "assert lexicon.word_groups.cache_info().currsize == 0 and 'yaml' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_loan_said_without_its_last_character_is_named(exact):
    assert "知识价值信用贷" in exact.names_in(reading("聽講知識價值信用貸最高可以借幾多"))


def test_a_name_inside_a_government_units_name_is_no_name(exact):
    assert "科技创新" in exact.names_in(reading("科技创新有哪些支持"))
    assert "科技创新" not in exact.names_in(reading("市科技创新局牵头哪些"))


@pytest.mark.parametrize("question, docs", [
    ("省個方案係2025年6月出嘅,啱唔啱?", ["hubei"]), ("市里那个方案是哪天印发的", ["wuhan"]),
    ("省里那份方案", ["hubei"]), ("市個方案係幾時出嘅", ["wuhan"]),
    ("如果有，省份嗰份又點講？", ["hubei"]),  # 省份那份: the province's one
])
def test_a_plan_is_named_with_a_measure_word_between_its_place_and_方案(exact, question, docs):
    assert mentioned_docs(reading(question), exact.corpus) == docs
