"""Rules of Chinese text handling: script, width, white space, and the way back to the original."""

from hypothesis import given, settings, strategies as st

from assistant.language.text import (chinese_figure, cjk_bigrams, contains_folded, enumeration, fold, line_items, numbered_items, set_aside,
                                     separated_items, question_wording, normalize, normalize_with_map,
                            HomophoneMender, listed_items, related_topic, sentence_spans, shared_items, simplify, split_list, to_simplified,
                            to_traditional)


def test_traditional_becomes_simplified_character_for_character():
    assert to_simplified("責任單位:市委金融辦") == "责任单位:市委金融办"
    assert len(to_simplified("科技型企業貸款余額突破5000億元")) == len("科技型企業貸款余額突破5000億元")


def test_simplified_becomes_traditional_for_traditional_askers():
    assert to_traditional("责任单位") == "責任單位"


def test_full_width_forms_fold_to_half_width():
    assert simplify("（责任单位：省科技厅）１２３ＡＢ") == "(责任单位:省科技厅)123AB"


def test_white_space_next_to_chinese_is_dropped_but_kept_between_latin_words():
    assert normalize("到 2027 年底") == "到2027年底"
    assert normalize("seed   fund\nrules") == "seed fund rules"


def test_the_ratio_colon_folds_to_a_colon():
    assert fold("1∶1比例") == fold("1:1比例")


def test_fold_ignores_script_width_case_and_white_space():
    assert fold("１０００萬 元") == fold("1000万元")
    assert contains_folded("最高額度1000萬元的信用貸款", "1000万元")
    assert not contains_folded("最高額度1000萬元", "5000万元")


def test_position_map_cuts_quotes_in_the_original_script():
    source = "8.創新推廣科技信貸產品。(責任單位:市委金融辦、市科技創新局)"
    mapped = normalize_with_map(source)
    start = mapped.text.index("责任单位")
    assert mapped.original(start, start + len("责任单位:市委金融办")) == "責任單位:市委金融辦"


def test_position_map_skips_dropped_white_space():
    source = "到 2027 年底，初步建成"
    mapped = normalize_with_map(source)
    start = mapped.text.index("2027年底")
    assert mapped.original(start, start + len("2027年底")) == "2027 年底"


def test_sentences_end_at_chinese_sentence_punctuation():
    text = "第一句。第二句;第三句\n第四句"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["第一句。", "第二句;", "第三句", "第四句"]


def test_unit_lists_split_on_both_enumeration_commas():
    assert split_list("市财政局、市科技创新局,武汉金控集团、武汉投控集团") == ["市财政局", "市科技创新局", "武汉金控集团", "武汉投控集团"]


def test_bigrams_cover_only_chinese_runs():
    assert cjk_bigrams("ab科技金融c") == ["科技", "技金", "金融"]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalisation_never_raises_and_every_position_maps_back(text):
    mapped = normalize_with_map(text)
    assert len(mapped.origin) == len(mapped.text)
    assert all(0 <= o < len(text) for o in mapped.origin)
    assert list(mapped.origin) == sorted(mapped.origin)
    if mapped.text:
        a, b = mapped.original_span(0, len(mapped.text))
        assert 0 <= a < b <= len(text)
    fold(text)


def test_chinese_numeral_amounts_become_digits_but_words_stay_words():
    from assistant.language.text import arabic_amounts

    assert arabic_amounts("五千亿元") == "5000亿元"
    assert arabic_amounts("百分之八十") == "80%"
    assert arabic_amounts("最长十五年") == "最长15年"
    assert arabic_amounts("两个方案的一揽子工具十分重要") == "两个方案的一揽子工具十分重要"


def test_cantonese_question_words_read_as_mandarin():
    assert question_wording(normalize("漢融通係邊啲部門負責㗎?")) == "汉融通是哪些部门负责㗎?"
    assert question_wording(normalize("咁邊個牽頭?有冇講科創債?")) == "咁谁牵头?有没有讲科创债?"
    assert question_wording("科技金融服务体系") == "科技金融服务体系", "系 in a Mandarin word stays"
    assert question_wording(normalize("呢個部門仲負責乜嘢?佢參與咗邊啲?")) == "这个部门还负责什么?它参与了哪些?"
    assert question_wording("仲裁机构呢?") == "仲裁机构呢?", "仲 in a Mandarin word and a closing 呢 stay"
    assert question_wording(normalize("我哋係香港一間創投基金嘅GP,可以喺邊度設?")) == "我哋是香港一间创投基金的gp,可以在哪里设?"
    assert question_wording("这个体系统一") == "这个体系统一", "系统 stays"
    assert question_wording(normalize("東湖高新區管委會係唔係呢條嘅責任單位?")) == "东湖高新区管委会是不是这条的责任单位?"


def test_pinyin_slips_in_finance_words_are_mended_but_real_words_stay():
    assert question_wording("没在银行代过款,有没有首次代款的支持") == "没在银行贷过款,有没有首次贷款的支持"
    assert question_wording("取款和交款") == "取款和交款"
    assert question_wording("到期了能续代吗,信用代最多多少") == "到期了能续贷吗,信用贷最多多少"
    assert question_wording("信用代表什么") == "信用代表什么", "代表 stays"
    assert question_wording("单户上线提到多少") == "单户上限提到多少"
    assert question_wording("武汉那个方按里有没有") == "武汉那个方案里有没有"
    assert question_wording("这项工作发该委有份吗") == "这项工作发改委有份吗"


def test_a_one_character_homophone_slip_in_a_defined_name_is_mended():
    mender = HomophoneMender(["鄂创融", "共赢贷", "科创板"], known=lambda s: s in "汉企通|科创贷")
    assert mender.mend("鄂创荣额度多少") == "鄂创融额度多少"
    assert mender.mend("共嬴贷和鄂创荣") == "共赢贷和鄂创融"
    assert mender.mend("科创贷") == "科创贷", "not the same sound (贷/板), and a word of its own"
    assert mender.mend("鄂创新") == "鄂创新", "荣/新 do not sound alike"


def test_display_width_counts_wide_characters_as_two_columns():
    from assistant.language.text import display_width, fit_width

    assert display_width("wuhan/8 知识价值") == 16
    assert fit_width("知识价值信用贷款", 9) == "知识价值…"
    assert display_width(fit_width("省科技厅", 12)) == 12 and fit_width("ab", 4) == "ab  "


def test_a_list_is_its_items_the_last_cut_at_deng_the_first_still_holding_the_words_before_it():
    assert listed_items("探索组建集成电路、新能源、生物医药等重点产业共保体,提供风险保障。") == [["探索组建集成电路", "新能源", "生物医药"]]


def test_the_items_two_lists_share_are_in_the_first_ones_words_its_first_item_by_its_longest_ending_named():
    wuhan = "加快推廣首臺(套)重大技術裝備保險、新材料首批次應用保險、首版次高端軟件研發及推廣應用保險。"
    hubei = "推广高校院所概念验证保险、中试综合保险、首台（套）重大技术装备保险、新材料首批次保险等创新险种。"
    assert shared_items(wuhan, hubei) == ["首臺(套)重大技術裝備保險"]
    assert shared_items("组建集成电路、新能源、生物医药等共保体", "组建生命健康、集成电路、光电子信息三大产业共保体") == ["集成电路"]
    assert shared_items("组建集成电路、新能源等共保体", "推动人工智能、大数据等落地") == []


def test_the_topic_a_question_narrows_a_list_to_is_read_from_its_words():
    assert related_topic("这个部门还牵头了哪些跟上市有关的事?") == "上市"
    assert related_topic("它参与的和担保相关的有哪些") == "担保"
    assert related_topic("What does PBOC Hubei lead related to relending?") == "relending"
    assert related_topic("省科技厅牵头哪些任务?") is None



def test_a_short_text_that_is_a_list_enumerates_its_items_and_prose_does_not():
    assert enumeration("高新技术企业、瞪羚企业、独角兽企业。") == ["高新技术企业", "瞪羚企业", "独角兽企业"]
    assert enumeration("支持银行、保险、担保等有序设立专营机构。引进中介机构。") == []
    assert enumeration("有三类:银行、保险、担保") == ["银行", "保险", "担保"]


def test_a_list_written_one_a_line_is_read_before_its_line_breaks_are_normalised_away():
    assert line_items("有这几类:\n- 知识价值信用贷款\n- 共赢贷\n* 园区贷") == ["知识价值信用贷款", "共赢贷", "园区贷"]
    assert line_items("• **共赢贷**:当期优惠利率\n• **园区贷**:楼宇和园区") == ["共赢贷:当期优惠利率", "园区贷:楼宇和园区"]
    table = "| 序号 | 产品 | 期限 |\n|:--|---|---|\n| 1 | 知识价值信用贷款 | 3年 |\n| 2 | 并购贷款 | 10年 |"
    assert line_items(table) == ["知识价值信用贷款", "并购贷款"]  # the header left out, the number passed over
    # a table pasted without its rule line: the header row, then rows of as many cells
    assert line_items(table.replace("|:--|---|---|\n", "")) == ["知识价值信用贷款", "并购贷款"]
    assert line_items("| 甲 | 乙 |\n| 1 | 知识价值信用贷款 | 3年 |\n| 2 | 并购贷款 |") == []  # rows of other widths: no table
    assert line_items("一段话,没有列表。\n第二行也不是。") == [] and line_items("- 只有一项") == []


def test_a_list_a_word_introduces_in_running_text_is_its_items():
    assert separated_items("按总体目标的表述,包括科技分支行、科技保险分支公司、科技金融事业部等。") == [
        "科技分支行", "科技保险分支公司", "科技金融事业部"]
    assert separated_items("包括银行和保险。") == []  # two items, not a list to count over
    assert separated_items("鼓励银行、保险、担保设立专营机构,包括在园区。") == []  # the 、 are not after the word


def test_each_way_people_number_a_list_enumerates_its_items():
    for text in ["首先是天使基金,其次是种子基金,最后是科创基金。", "第一,天使基金;第二,种子基金;第三,科创基金。",
                 "一、天使基金;二、种子基金;三、科创基金", "主要有:1) 天使基金 2) 种子基金 3) 科创基金",
                 "甲、天使基金;乙、种子基金;丙、科创基金", "a. 天使基金;b. 种子基金;c. 科创基金",
                 "three limits: first, 天使基金; second, 种子基金; third, 科创基金"]:
        assert enumeration(text) == ["天使基金", "种子基金", "科创基金"], text
    assert enumeration("其一是天使基金,其二是种子基金") == ["天使基金", "种子基金"]
    assert enumeration("三样:一系天使基金;二系种子基金;三系科创基金") == ["天使基金", "种子基金", "科创基金"]  # Cantonese 一係
    assert enumeration("推出一系列产品,建设一系统") == []  # 一系列 is no item marker
    assert enumeration("统一的平台,第二批次") == []  # 一 inside a word, 第二 without a comma, open no item
    assert enumeration("aic股权投资试点和s基金") == []  # a letter inside a word opens no item


def test_a_list_whose_size_is_said_before_its_colon_may_have_two_items_joined_by_he():
    assert enumeration("两种贷款都带个1000万:知识价值信用贷款和知识产权质押贷款,第一个是啥意思?") == \
        ["知识价值信用贷款", "知识产权质押贷款"]
    assert enumeration("三种贷款:知识价值信用贷款和知识产权质押贷款") == []  # two named, three said
    assert numbered_items("1. 湖北方案第23条:每年精选100家符合国家和我省战略需求、取得突破的科技型企业。") == []  # 第23条 says no size


def test_clauses_listed_by_their_own_consecutive_numbers_are_a_list_keeping_each_number():
    from assistant.language.text import numbered_items

    assert numbered_items("第17项:试点扩大至全省;第18项:开展并购贷款试点;第19项:争取纳入试点。") == [
        "第17项:试点扩大至全省", "第18项:开展并购贷款试点", "第19项:争取纳入试点"]
    assert numbered_items("第17项:试点扩大至全省;第19项:争取纳入试点。") == []  # not in a row: no list
    # each piece opening with its clause, no colon: still a list
    assert numbered_items("第6条健全专营体系;第7条扩大投放规模;第8条创新信贷产品。") == [
        "第6条健全专营体系", "第7条扩大投放规模", "第8条创新信贷产品"]
    assert numbered_items("武汉方案第8条和第9条都提到了") == []


def test_a_message_is_as_long_as_its_ideographs_and_its_latin_words():
    from assistant.language.text import message_size

    assert message_size("嗰個比例 is it the same in the other plan?") == 12
    assert message_size("知识价值信用贷款最高多少?") == 12 and message_size("What is the cap?") == 4


def test_bare_numbers_counting_up_before_names_are_a_list_but_counts_and_amounts_are_not():
    assert numbered_items(normalize("记了一下 1知识价值信用贷 2共赢贷 3园区贷 没漏吧")) == [
        "知识价值信用贷", "共赢贷", "园区贷没漏吧"]
    assert numbered_items(normalize("最长3年期、最高1000万元,2家银行")) == []


def test_an_english_series_of_three_is_a_list_its_bracketed_commas_left_alone():
    from assistant.language.text import english_series

    assert english_series("Equity as guidance (股权, 引导), debt as credit enhancement, and listing as cultivation.") == [
        ["Equity as guidance (股权, 引导)", "debt as credit enhancement", "listing as cultivation"]]
    assert english_series("It is led by the finance office and the science bureau.") == []


def test_names_are_matched_in_a_text_also_without_its_quotation_marks():
    from assistant.language.text import with_unquoted

    assert "专精特新专板" in with_unquoted(fold("建设全国一流“专精特新”专板"))
    assert with_unquoted("没有引号") == "没有引号"


def test_cantonese_for_just_now_and_looking_reads_as_mandarin():
    from assistant.language.text import reading

    assert reading("你頭先講20%？我睇原文好似唔係") == "你刚才讲20%?我看原文好像不是"


def test_a_series_said_with_first_then_last_ends_at_its_last_item():
    text = "首先,探索共赢计划;其次,优化人才贷;最后,延续实施鄂创融专项工具。此外还开展产品测试。"
    assert numbered_items(text) == ["探索共赢计划", "优化人才贷", "延续实施鄂创融专项工具"]
    # the last said back in quotation marks is an ordinal over that series
    from assistant.understand.question import ordinal_in
    assert ordinal_in("你说的“最后”那个工具,额度是多少?").n == -1


def test_a_clause_line_keeps_its_number_and_a_line_introducing_the_list_is_no_item():
    assert line_items("共三条:\n第14条 高水平建设示范区\n第15条 提升覆盖面") == ["第14条高水平建设示范区", "第15条提升覆盖面"]
    assert line_items("第16条提到三类:\n1. 知识产权质押融资\n2. 应收账款质押融资") == ["知识产权质押融资", "应收账款质押融资"]


def test_a_segment_saying_things_of_items_respectively_splits_into_the_items_and_what_follows():
    from assistant.language.text import respectively

    assert respectively("允许种子基金、天使基金分别出现最高不超过投资总额80%、60%的亏损") == \
        (["允许种子基金", "天使基金"], "出现最高不超过投资总额80%、60%的亏损")
    assert respectively("种子基金出现最高不超过投资总额80%的亏损") is None  # nothing said respectively
    assert respectively("天使基金分别投资") is None  # one item only


def test_what_a_question_names_only_to_set_it_aside_is_read_off_its_besides():
    assert set_aside("除了知识价值信用贷款,还推广了哪些贷款产品?") == "知识价值信用贷款"
    assert set_aside("除财政局以外还有谁") == "财政局"
    assert set_aside("知识价值信用贷款最高多少?") == ""


def test_a_figure_in_english_magnitudes_is_written_as_the_plans_write_it():
    assert [chinese_figure(f) for f in ("500 billion", "10 million", "1.5 billion", "80 percent", "1000万")] == \
        ["5000亿", "1000万", "15亿", "80%", "1000万"]
