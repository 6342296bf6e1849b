"""Lexicons as reviewed data: everyday finance words, unit-name aliases, stop words.

Built from general vocabulary and the documents' own structure, never from test
questions. Terms derived from the corpus itself (titles, quoted names, unit names) come
from ``corpus_terms``.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

from ..rules import alternatives, cue_book
from ..language.text import normalize, simplify
from ..types import Unit

# Everyday (or English) wording → the documents' wording. Keys and values are Simplified,
# lower case. Expansions are added to a query, never substituted.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "流贷": ("流动资金贷款",), "贷过款": ("首贷",), "至少": ("不低于", "以上"), "最少": ("不低于", "以上"), "起码": ("不低于", "以上"),
    "学校": ("高校", "一校一基金"), "大学": ("高校",), "教授": ("高校院所",), "校内": ("一校一基金", "高校"),
    # the plans' own abbreviations, in both directions
    "科创债": ("科技创新债券", "科创票据"), "科技创新债券": ("科创债",), "政银担": ("4222",),
    "供货": ("供应链金融", "链主"), "配套": ("供应链金融", "上下游"), "上下游": ("供应链金融", "上下游"),
    "大厂": ("链主",), "龙头企业": ("链主",), "没贷过": ("首贷",), "第一次贷款": ("首贷",), "首次贷款": ("首贷",),
    "外资": ("合格境外有限合伙人", "qflp", "境外"), "境外投资": ("合格境外有限合伙人", "境外"),
    "香港上市": ("境外上市",), "海外上市": ("境外上市",), "国外上市": ("境外上市",), "赴港": ("境外上市",),
    "员工持股": ("股权激励贷", "股权激励"), "期权": ("股权激励", "认股权证"), "园区": ("园区贷", "园区"),
    "楼宇": ("园区贷", "楼宇"), "放长": ("延长",), "太短": ("延长",), "中试": ("中试贷", "中试基金", "中试综合保险"),
    "比赛": ("以赛代评", "科技创新大赛"), "大赛": ("以赛代评", "科技创新大赛"), "获奖": ("以赛代评", "获奖项目"),
    "担宝": ("担保",), "汉融同": ("汉融通",), "路演": ("路演",), "续贷": ("无还本续贷", "续贷"), "还不上": ("无还本续贷", "续贷"), "转贷": ("续贷",), "还款": ("随借随还", "续贷"), "还贷": ("随借随还", "续贷"),
    "保障措施": ("保障", "服务保障", "组织保障"), "lpr": ("利率",),
    "借钱": ("贷款", "融资"), "借款": ("贷款",), "贷钱": ("贷款",), "代款": ("贷款",), "带款": ("贷款",),
    "融钱": ("融资",), "缺钱": ("融资", "贷款"), "资金": ("融资",),
    "没有抵押": ("信用贷款", "信用", "纯信用"), "没抵押": ("信用贷款", "信用"), "无抵押": ("信用贷款", "信用"),
    "不用抵押": ("信用贷款", "信用"), "抵押物": ("信用贷款", "质押", "抵质押"), "抵押": ("质押", "抵质押", "信用"),
    "担保公司": ("融资担保", "担保机构"), "担保费": ("担保",), "反担保": ("反担保",),
    "专利": ("知识产权",), "商标": ("知识产权",), "ip": ("知识产权",),
    "上市": ("上市", "挂牌"), "ipo": ("上市",), "新三板": ("新三板", "挂牌"), "四板": ("区域性股权市场", "四板"),
    "风投": ("创业投资", "风投创投"), "创投": ("创业投资",), "vc": ("创业投资",), "pe": ("私募股权",),
    "天使投资": ("天使基金", "天使投资人"), "种子轮": ("种子基金", "种子期"), "初创": ("初创期", "种子期"),
    "刚成立": ("初创期", "种子期"), "起步": ("初创期",),
    "保险": ("科技保险",), "买保险": ("科技保险",),
    "发债": ("债券", "科技创新债券"), "债": ("债券",),
    "并购": ("并购",), "收购": ("并购",), "兼并": ("并购",),
    "补贴": ("风险补偿", "奖励"), "赔": ("风险补偿",), "坏账": ("不良贷款", "风险补偿"), "亏损": ("亏损", "容错"),
    "免责": ("尽职免责", "容错"), "容错": ("容错", "免责"),
    "人才": ("人才贷", "人才"), "税": ("税收优惠",), "减税": ("税收优惠",), "免税": ("税收优惠",),
    "政府基金": ("政府投资基金", "政府引导基金"), "引导基金": ("政府引导基金",), "母基金": ("母基金",),
    "部门": ("责任单位", "牵头单位"), "单位": ("责任单位", "牵头单位"), "负责": ("责任单位", "牵头单位"),
    "谁管": ("责任单位", "牵头单位"), "管": ("责任单位",),
    "目标": ("目标", "到2027年"), "指标": ("目标", "指标"), "规划期": ("到2027年", "到2030年"),
    # English
    "loan": ("贷款", "贷"), "loans": ("贷款", "贷"), "credit": ("信用", "信贷"), "collateral": ("抵押", "信用贷款"),
    "guarantee": ("担保",), "guarantees": ("担保",), "insurance": ("保险", "科技保险"),
    "listing": ("上市",), "listed": ("上市",), "stock": ("股权", "上市"), "equity": ("股权",),
    "fund": ("基金",), "funds": ("基金",), "venture": ("创业投资",), "angel": ("天使",), "seed": ("种子",),
    "bond": ("债券",), "bonds": ("债券",), "merger": ("并购",), "acquisition": ("并购",), "m&a": ("并购",),
    "intellectual": ("知识产权",), "property": ("知识产权",), "patent": ("知识产权",), "pledge": ("质押",),
    "talent": ("人才",), "tax": ("税收优惠",), "risk": ("风险",), "compensation": ("风险补偿",),
    "responsible": ("责任单位",), "lead": ("牵头单位",), "department": ("责任单位",), "agency": ("责任单位",),
    "target": ("目标",), "targets": ("目标",), "goal": ("目标",), "goals": ("目标",), "2027": ("2027",),
    "wuhan": ("武汉",), "hubei": ("湖北",), "province": ("省",), "city": ("市",),
    "platform": ("平台",), "technology": ("科技",), "tech": ("科技",), "science": ("科技",),
    "finance": ("金融",), "financial": ("金融",), "bank": ("银行",), "banks": ("银行",),
    "small": ("中小",), "startup": ("初创期", "创业"), "startups": ("初创期", "创业"),
    "knowledge": ("知识价值",), "value": ("价值",), "maximum": ("最高",), "max": ("最高",),
    "term": ("期限",), "years": ("年",), "cap": ("上限",), "limit": ("上限",), "ratio": ("比例",),
    "loss": ("亏损",), "losses": ("亏损",), "tolerance": ("容错",), "reloan": ("再贷款",), "relending": ("再贷款",),
    "roadshow": ("路演",), "center": ("中心",), "centre": ("中心",), "data": ("数据",),
    "supply": ("供应链",), "chain": ("供应链",), "pilot": ("试点",), "share": ("份额",), "secondary": ("二级市场",),
    "cross-border": ("跨境",), "border": ("跨境",), "facilitation": ("便利化",), "overseas": ("境外",),
    "abroad": ("境外",), "foreign": ("境外",), "incentive": ("激励",), "employee": ("股权激励",),
    "park": ("园区",), "parks": ("园区",), "competition": ("大赛", "以赛代评"), "prize": ("获奖",),
    "award": ("获奖",), "warrant": ("认股权证",), "warrants": ("认股权证",),
    "repay": ("随借随还", "续贷"), "repayment": ("随借随还", "续贷"), "exemption": ("免责",), "liability": ("免责",),
    "state-owned": ("国有", "国资"), "soe": ("国有",), "securitization": ("证券化",), "securitisation": ("证券化",),
    "issuer": ("印发",), "issued": ("印发",), "roadshows": ("路演",), "incubation": ("孵化",),
    "evaluation": ("评价", "考核"), "assessment": ("考核",), "insurer": ("保险",), "insurers": ("保险",),
    "consortium": ("共保体",), "co-insurance": ("共保体",), "reinsurance": ("再保险",), "rediscount": ("再贴现",),
    "carbon": ("碳",), "green": ("绿色",), "exchange": ("交易所",), "board": ("专板",), "shareholding": ("股改",),
    "chutian": ("楚天凤鸣",), "fengming": ("楚天凤鸣",), "huanghe": ("黄鹤凌云",), "lingyun": ("黄鹤凌云",),
    "hanrongtong": ("汉融通",), "han": ("汉融通",), "rong": ("融通",), "tong": ("融通",), "gongying": ("共赢",),
    "win-win": ("共赢",), "ecr": ("鄂创融",), "echuangrong": ("鄂创融",), "optics": ("光谷",), "valley": ("光谷",),
    "donghu": ("东湖",), "east": ("东湖",), "lake": ("东湖",), "enterprises": ("企业",), "companies": ("企业",),
    "global": ("全球",), "resources": ("资源",), "attract": ("招引", "引进", "吸引"), "drafting": ("制定",),
    "draft": ("制定",), "monitor": ("监测",), "monitoring": ("监测",), "statistics": ("统计",), "track": ("跟踪", "监测"),
    "think": ("智库",), "tank": ("智库",), "research": ("研究",), "university": ("高校",), "universities": ("高校",),
    "alumni": ("校友",), "prefecture": ("市州",), "prefectures": ("市州",), "districts": ("各区",),
    "list": ("名单",), "recommend": ("推荐",), "recommends": ("推荐",), "investors": ("投资机构",),
    "lose": ("亏损",), "losing": ("亏损",), "lost": ("亏损",), "public": ("上市",), "offshore": ("境外",),
    "investment": ("投资",), "investments": ("投资",), "direct": ("直投", "直接投资"), "project": ("项目",),
    "projects": ("项目",), "capital": ("资本",), "patient": ("耐心资本",),
    "存量": ("余额",), "知产": ("知识产权",), "引才": ("人才",), "育才": ("人才",), "快捷通道": ("绿色通道",), "没借过": ("首贷",), "没有借过": ("首贷",), "没有贷过": ("首贷",),
    "续借": ("续贷", "无还本续贷"), "周转": ("流动资金贷款",), "不还本": ("无还本续贷",), "不归还本金": ("无还本续贷",),
    "不还本金": ("无还本续贷",), "先不还本": ("无还本续贷",),
    # everyday words for the documents' concepts, drafted from general finance vocabulary and the
    # documents alone (never from question sets), each value checked to occur in the documents
    "免抵押": ("信用贷款", "信用贷", "纯信用"), "没有房产": ("信用贷款", "轻资产"), "知识价值贷": ("知识价值信用贷款",), "unsecured": ("信用贷款", "纯信用"),
    "网上贷款": ("线上授信", "信用快贷", "信用放款"), "预授信": ("主动授信",), "著作权": ("知识产权",), "专利质押": ("知识产权质押",), "专利抵押": ("知识产权质押",),
    "专利贷款": ("知识产权质押贷款", "知识产权质押融资"), "专利融资": ("知识产权质押融资", "知识产权融资"), "技术入股": ("知识产权资本化", "成果转化"),
    "作价入股": ("知识产权资本化", "成果转化"), "借新还旧": ("无还本续贷",), "倒贷": ("无还本续贷",), "不用还本金": ("无还本续贷",), "rollover": ("无还本续贷",),
    "renewal": ("续贷", "无还本续贷"), "随用随还": ("随借随还",), "随时还款": ("随借随还",), "循环贷": ("随借随还",), "循环额度": ("随借随还",),
    "白户": ("首贷",), "周转资金": ("流动资金贷款",), "资金周转": ("流动资金贷款",), "试生产": ("中试贷", "中试基金", "中试综合保险"),
    "小批量试产": ("中试贷", "中试基金", "中试综合保险"), "中试险": ("中试综合保险",), "技术验证": ("概念验证",), "研发贷款": ("研发贷", "中长期研发融资"),
    "研发资金": ("研发贷", "中长期研发融资", "研发投入"), "人才贷款": ("人才贷", "科技人才贷"), "高层次人才": ("人才贷", "高端人才", "人才政策"),
    "人才引进": ("人才政策", "高端人才", "人才贷"), "创业贷款": ("创业担保贷",), "产业园": ("园区贷", "园区"), "写字楼": ("楼宇", "园区贷"),
    "孵化器": ("孵化", "创投孵化园区"), "incubator": ("孵化", "创投孵化园区"), "期权激励": ("股权激励贷",), "esop": ("股权激励贷",),
    "选择权贷款": ("贷款+认股权证", "投贷联动"), "贷款换股权": ("共赢贷", "贷款+认股权证", "远期权益"), "投贷结合": ("投贷联动", "股贷合作"),
    "应收账款融资": ("应收账款质押融资", "供应链金融"), "应收款": ("应收账款质押融资", "供应链金融"), "保理": ("供应链金融", "应收账款质押融资"), "订单融资": ("供应链金融",),
    "核心企业": ("链主", "供应链金融"), "供应商": ("供应链金融", "上下游"), "factoring": ("供应链金融", "应收账款质押融资"), "政府担保": ("政府性融资担保",),
    "担保额度": ("在保余额", "担保余额"), "担保条件": ("反担保", "纯信用担保"), "代偿": ("融资担保", "风险分担", "风险补偿"), "guarantor": ("担保机构", "融资担保"),
    "贷款损失": ("风险补偿", "不良贷款"), "逾期贷款": ("不良贷款", "风险补偿"), "呆账": ("不良贷款", "风险补偿"), "不良率": ("不良贷款", "风险容忍度"),
    "npl": ("不良贷款",), "风险池": ("风险补偿",), "损失分担": ("风险分担", "分险"), "风险共担": ("共担", "风险分担"),
    "追责": ("尽职免责", "容错", "免责"), "问责": ("尽职免责", "容错", "免责"), "宽容失败": ("容错", "免责"), "投资失败": ("亏损", "容错", "免责"),
    "亏钱": ("亏损", "容错"), "国资考核": ("考核评价", "基金生命周期"), "天使轮": ("天使基金", "天使投资人", "天使期"), "早期投资": ("种子基金", "天使基金"),
    "投早投小": ("种子基金", "天使基金"), "创投公司": ("创投机构", "创业投资机构"), "私募基金": ("私募股权投资基金", "私募机构"), "基金公司": ("基金管理机构", "基金管理人"),
    "基金备案": ("备案",), "政府参股": ("政府投资基金", "出资比例"), "政府入股": ("政府投资基金", "股权投资", "拨改投"), "fof": ("母基金",), "基金期限": ("存续期",),
    "让利": ("增值收益", "投资激励"), "超额收益": ("增值收益", "投资激励"), "二手份额": ("份额转让", "s基金"), "基金退出": ("投资退出", "退出渠道"),
    "exit": ("退出", "退出渠道"), "补贴转投资": ("拨改投",), "创业大赛": ("以赛代评", "科技创新大赛"), "高校基金": ("一校一基金",), "科研院所": ("高校院所",),
    "技术转让": ("成果转化", "技术转移"), "保险投资": ("保投联动", "保险资金"), "社保资金": ("社保基金",), "长钱": ("耐心资本", "长期资本"),
    "债转股": ("aic", "金融资产投资公司"), "大基金": ("集成电路产业基金",), "芯片": ("集成电路", "光芯屏端网"), "半导体": ("集成电路",),
    "卡脖子": ("关键核心技术", "科技攻关"), "硬科技": ("关键核心技术", "科技攻关"), "初创企业": ("初创期", "种子期"), "高企": ("高新技术企业",),
    "科小": ("科技型中小企业",), "小巨人": ("专精特新",), "民企": ("民营企业",), "种子企业": ("金种子", "银种子"), "准备上市": ("拟上市", "上市后备企业", "上市培育"),
    "上交所": ("沪深北交易所",), "深交所": ("深圳证券交易所", "沪深北交易所"), "北交所": ("沪深北交易所",), "科创板": ("上市", "沪深北交易所"), "港股": ("境外上市",),
    "股份制改造": ("股改",), "区域股权市场": ("区域性股权市场",), "四板市场": ("四板", "区域性股权市场"), "股交中心": ("武汉股权托管交易中心", "区域性股权市场"),
    "企业债": ("科技创新债券", "债券"), "公司债券": ("科技创新公司债", "科技创新债券"), "科技债": ("科创债", "科技创新债券"), "找投资": ("投融资对接", "路演", "股权融资"),
    "拉投资": ("投融资对接", "路演", "股权融资"), "融资对接会": ("投融资对接", "对接会"), "银企对接": ("投融资对接",), "首台套": ("首台", "重大技术装备保险"),
    "新材料保险": ("新材料首批次",), "软件保险": ("首版次高端软件",), "研发责任险": ("产品研发责任保险",), "科技险": ("科技保险",),
    "理赔": ("以赔代补", "风险保障"), "联合承保": ("共保体",), "共保联合体": ("共保体",), "信用报告": ("征信",), "信用记录": ("征信", "信用信息"),
    "信用评级": ("信用评价",), "信用评分": ("信用评价", "创新积分"), "科创积分": ("创新积分制", "积分贷"), "大数据风控": ("数据增信", "联合建模"),
    "金融超市": ("综合金融服务平台", "汉融通", "鄂融通"), "网上办理": ("线上办理",), "央行": ("人民银行", "人行", "再贷款"),
    "科技再贷款": ("科技创新和技术改造再贷款", "再贷款", "鄂创融"), "技改": ("技术改造", "设备更新"), "买设备": ("设备更新", "技术改造"), "外债": ("跨境融资",),
    "海外融资": ("跨境融资",), "外资基金": ("qflp", "合格境外有限合伙人"), "科技支行": ("科技分支行", "科技金融专营机构"), "科技银行": ("科技金融专营机构", "科技分支行"),
    "城商行": ("地方法人银行",), "本地银行": ("地方法人银行", "汉口银行", "武汉农商行"), "小贷公司": ("地方金融组织",), "券商": ("证券公司",),
    "评估公司": ("评估认证", "价值评估"), "中介机构": ("中介服务机构",), "融资顾问": ("金融顾问",), "银保监": ("金融监管", "湖北金融监管局"),
    "金融监管总局": ("国家金融监督管理总局", "湖北金融监管局"), "证监会": ("中国证券监督管理委员会", "湖北证监局", "证监"), "金融局": ("市委金融办", "省委金融办"),
    "科技局": ("市科技创新局", "省科技厅"), "工信": ("经信局", "省经信厅"), "人社局": ("省人社厅",), "非法集资": ("非法金融活动",),
    "监管沙盒": ("创新监管机制", "产品测试"), "sandbox": ("创新监管机制", "产品测试"), "fintech": ("金融科技",), "碳排放": ("碳账户", "碳信用", "中碳登"),
    "碳交易": ("中碳登", "碳融资"), "绿色贷款": ("绿色金融", "碳融资"), "农户贷款": ("农民个人信用价值", "农村资产信用价值"), "银担分险": ("政银担", "4222"),
}

# Canonical unit name (as the documents abbreviate it) → other names people use.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "省委金融办": ("中共湖北省委金融委员会办公室", "湖北省委金融办", "省金融办", "湖北省委金融委员会办公室"),
    "省科技厅": ("湖北省科学技术厅", "湖北省科技厅", "科技厅"),
    "人行湖北省分行": ("中国人民银行湖北省分行", "人民银行湖北省分行", "人行湖北分行", "央行湖北分行"),
    "湖北金融监管局": ("国家金融监督管理总局湖北监管局", "金融监管总局湖北监管局", "湖北银保监局"),
    "湖北证监局": ("中国证券监督管理委员会湖北监管局", "证监会湖北监管局", "湖北省证监局"),
    "省发改委": ("湖北省发展和改革委员会", "湖北省发改委"),
    "省财政厅": ("湖北省财政厅",),
    "省政府国资委": ("湖北省人民政府国有资产监督管理委员会", "湖北省国资委", "省国资委"),
    "省经信厅": ("湖北省经济和信息化厅", "湖北省经信厅"),
    "省知识产权局": ("湖北省知识产权局",),
    "省数据局": ("湖北省数据局",),
    "省教育厅": ("湖北省教育厅",),
    "省人社厅": ("湖北省人力资源和社会保障厅", "湖北省人社厅"),
    "省市场监管局": ("湖北省市场监督管理局", "湖北省市场监管局"),
    "省商务厅": ("湖北省商务厅",),
    "省税务局": ("国家税务总局湖北省税务局", "湖北省税务局"),
    "省农业农村厅": ("湖北省农业农村厅",),
    "省生态环境厅": ("湖北省生态环境厅",),
    "省公安厅": ("湖北省公安厅",),
    "省委人才办": ("湖北省委人才办",),
    "省委组织部": ("湖北省委组织部",),
    "市委金融办": ("武汉市委金融办", "中共武汉市委金融委员会办公室", "武汉市金融办", "市金融办"),
    "市科技创新局": ("武汉市科技创新局", "武汉市科技局", "市科技局"),
    "市财政局": ("武汉市财政局",),
    "市经信局": ("武汉市经济和信息化局", "武汉市经信局"),
    "市发改委": ("武汉市发展和改革委员会", "武汉市发改委"),
    "市政府国资委": ("武汉市人民政府国有资产监督管理委员会", "武汉市国资委", "市国资委"),
    "市投资促进局": ("武汉市投资促进局",),
    "市市场监管局": ("武汉市市场监督管理局", "武汉市市场监管局"),
    "东湖高新区管委会": ("东湖新技术开发区管委会", "光谷管委会", "东湖高新区"),
    "武汉金控集团": ("武汉金融控股集团", "武汉金控"),
    "武汉投控集团": ("武汉投资控股集团", "武汉投控"),
    "汉口银行": (),
    "武汉农商行": ("武汉农村商业银行",),
    "长江产业集团": ("长江产业投资集团",),
    "湖北宏泰集团": ("宏泰集团",),
    "武汉市": ("武汉市政府", "武汉市人民政府"),
    "各市州": ("市州", "各市州政府"),
    "各区人民政府": ("各区政府",),
}

# Products, programmes, platforms and places the two documents name, as they write them
# (Simplified). Read off the documents; the quoted names (“共赢贷”) are also picked up
# automatically by ``corpus_terms``.
DEFINED_TERMS: tuple[str, ...] = (
    "知识价值信用贷款", "商业价值信用贷款", "知识产权质押贷款", "知识产权质押融资", "并购贷款", "信用贷款", "信用贷",
    "首贷", "无还本续贷", "流动资金贷款", "供应链金融", "科技创新积分贷", "积分贷", "人才贷", "科技人才贷", "研发贷", "中试贷",
    "创业担保贷", "股权激励贷", "园区贷", "共赢贷", "共赢计划", "线上信用快贷", "鄂创融", "再贷款", "再贴现",
    "科技创新和技术改造再贷款", "风险补偿", "融资担保", "政府性融资担保", "反担保", "纯信用担保", "在保余额", "4222",
    "政府投资基金", "政府引导基金", "种子基金", "天使基金", "创业投资基金", "产业基金", "并购基金", "母基金", "s基金",
    "概念验证基金", "中试基金", "科技成果转化基金", "一校一基金", "拨改投", "以投代评", "以赛代评", "楚天凤鸣基金",
    "容错", "尽职免责", "亏损", "存续期", "出资比例", "增值收益", "aic", "amc", "cvc", "qflp", "私募股权二级市场基金",
    "份额转让", "科技保险", "共保体", "首台(套)重大技术装备保险", "新材料首批次应用保险", "首版次高端软件", "概念验证保险",
    "中试综合保险", "产品研发责任保险", "以保代奖", "以赔代补", "保投联动", "投贷联动", "科技创新债券", "科创债", "科技板",
    "科创票据", "区域性股权市场", "专精特新专板", "科技创新专板", "新三板", "绿色通道", "公示审核", "千企股改", "黄鹤凌云",
    "上市后备企业", "金种子", "银种子", "培育通", "科融通", "汉融通", "鄂融通", "汉企通", "智慧大脑", "中碳登",
    "科创点金汇", "金融早咖啡", "科技金融工作站", "科技金融专营机构", "科技分支行", "科技金融服务中心", "武汉科技金融服务中心",
    "科创路演中心", "国家技术转移中部中心", "科技要素交易中心", "东湖科技保险创新示范区", "知识产权金融生态创新示范区",
    "科创金融改革试验区", "光谷科创金融集聚区", "湖北科技金融创新研究中心", "科技金融人才港", "校友金融服务站",
    "武汉知识产权交易所", "武汉股权托管交易中心", "创新积分制", "数据增信", "财政增信", "科技担保", "国有资产证券化",
    "跨境融资", "境外上市", "科技型企业", "科技型中小微企业", "专精特新", "独角獸企业", "独角兽企业", "瞪羚企业",
)

STOPWORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 么 是 在 有 和 与 及 或 对 为 把 被 给 从 到 让 也 都 还 就 又 很 最 更 这 那 哪 些 个 "
    "我 我们 你 你们 他 她 它 其 该 此 请问 请 问 一下 什么 怎么 怎样 如何 多少 几 能 能不能 可以 可不可以 是否 "
    "方案 文件 政策 规定 里 中 上 下 吗? 呢? 啥 咋 想 要 需要 知道 告诉 说 讲 没有 有没有 哪 哪里 谁 多 "
    "请问 具体 主要 相关 有关 目前 现在 一下 为 其 那 那么 还 呢 吗 么 那边 这边 层面 希望 程度 做到 面向 "
    "哪一年 哪年 最远 最远到 它们 省市 市省 两个 两份 针对 一级 "
    "the a an of to in on for and or is are was what which who how much many does do can could "
    "our we i you it its be by with about tell me please there this that".split()
)

_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,20})[”\"」』]")


def canonical_unit_names() -> dict[str, str]:
    """Every known name or alias (normalised) → its canonical unit name."""
    out: dict[str, str] = {}
    for canonical, aliases in UNIT_ALIASES.items():
        for name in (canonical, *aliases):
            out[normalize(name)] = canonical
    return out


def corpus_terms(units: Iterable[Unit]) -> set[str]:
    """Names the documents themselves define: quoted names, unit names and titles' key phrases."""
    terms: set[str] = set()
    for unit in units:
        plain = simplify(unit.text)
        terms.update(m.group(1).strip() for m in _QUOTED.finditer(plain))
        terms.update(unit.units)
        for piece in re.split(r"[、,，()（）“”]", unit.title):
            if 2 <= len(piece) <= 12:
                terms.add(piece)
    terms.update(DEFINED_TERMS)
    terms.update(UNIT_ALIASES)
    for aliases in UNIT_ALIASES.values():
        terms.update(aliases)
    return {normalize(t) for t in terms if t and len(t) >= 2}


def expand_query(normalized_query: str) -> list[str]:
    """Document-vocabulary expansions of everyday or English words found in the query."""
    extra: list[str] = []
    words = set(re.findall(r"[a-z0-9&]+", normalized_query))
    for key, values in SYNONYMS.items():
        if key.isascii():
            if key in words:
                extra.extend(values)
        elif key in normalized_query:
            extra.extend(values)
    return extra


@functools.cache
def _frames() -> tuple[re.Pattern, re.Pattern]:
    """Question frame words (rules/frames.yaml) as one pattern, and their two-or-more-character
    members as a pattern for a word's edges: a single character (项, 中, 省) is too often part
    of a real word (项目库, 中试, 省级) to be cut from it."""
    words = cue_book("frames").words["frame_words"]
    edge_words = "|".join(sorted((w for w in words if len(w) >= 2 and w.isalnum()), key=len, reverse=True))
    return re.compile(alternatives(words)), re.compile(rf"^(?:{edge_words})+|(?:{edge_words})+$")


_DEFINED_ASCII = frozenset(t.lower() for t in DEFINED_TERMS if t.isascii() and t.isalpha())


def topic_terms(normalized_query: str, words: Iterable[str],
                vocabulary: frozenset[str] = frozenset(), asserted: bool = False) -> tuple[tuple[str, ...], ...]:
    """The question's subject as groups of alternatives: each content word with its expansions.

    ``words`` is the question segmented into words. Multi-word synonym keys (没有抵押)
    form one group; English words count only through their expansions, unless the
    documents use them (``vocabulary``: acronyms such as ABN, figures such as 4222, 60个).
    """
    frame, frame_edges = _frames()
    groups: list[tuple[str, ...]] = []
    covered = normalized_query
    for key, values in SYNONYMS.items():
        if not key.isascii() and len(key) >= 3 and key in covered:
            groups.append((key, *values))
            covered = covered.replace(key, " ")
    ascii_words = set(re.findall(r"[a-z0-9&]+", normalized_query))
    for figure in re.findall(r"\d+(?:\.\d+)?(?:%|万元|亿元|个|家|款)", normalized_query):
        if figure in vocabulary and not asserted:
            groups.append((figure,))  # "60个是什么": a figure the documents state is a subject
    for word in words:
        word = word.strip()
        if not word or word in STOPWORDS or not re.search(r"\w", word):
            continue
        if re.fullmatch(r"20[23]\d", word):
            if not asserted:
                groups.append((word,))  # a target year is a subject; in a claim ("是2025年吧") it is checked
            continue
        if word.isascii():
            if (word in _DEFINED_ASCII or word in vocabulary and not word.isdigit() or
                    word.isdigit() and len(word) >= 3 and word in vocabulary) and word in ascii_words:
                groups.append((word,))
            elif word in SYNONYMS and word in ascii_words:
                topical = tuple(v for v in SYNONYMS[word] if not frame.fullmatch(v))
                if topical:
                    groups.append(topical)
            continue
        if word not in covered or frame.fullmatch(word):
            continue
        if len(word) < 2:
            # a one-character word counts through its expansions (税 → 税收优惠, 债 → 债券)
            topical = tuple(v for v in SYNONYMS.get(word, ()) if not frame.fullmatch(v))
            if topical:
                groups.append(topical)
            continue
        stripped = frame_edges.sub("", word)
        if len(stripped) < 2:
            continue
        groups.append((stripped, *SYNONYMS.get(stripped, ())))
    return tuple(dict.fromkeys(groups))
