"""수의계약 한도 규칙 for every supplier group of 지방계약법 시행령 §25①5 and 국가계약법 시행령 §26①5가, and 공사 by
종합·전문·기타 (issue 27), from ../shared/design/domain-research.md §1.3 and §1.3a (read 2026-11-29) and the
2026.6.3. 시행 decree texts (대통령령 제36338호) of §25 and §26 as kept in the public repository
kwenhwang/contract-compass (rules/law_registry.json, law.go.kr XML) — read there, not on law.go.kr itself.

Each rule says in `checked` what was read and what was not; `verified` is true only when the figure, the article
and the period were all read. A rule with a `condition` answers 조건부 (the 국가 요건 for social economy types set by
the finance minister was not found). The table replaces the first seed (0002): rules confirmed by hand since then
must be confirmed again."""

import datetime

from django.db import migrations

D = datetime.date
LAW = "https://www.law.go.kr"
LOCAL_TEXT = "https://github.com/kwenhwang/contract-compass (rules/law_registry.json: 지방계약법 시행령 2026.6.3. 시행)"
NATIONAL_TEXT = (
    "https://github.com/kwenhwang/contract-compass (rules/law_registry.json: 국가계약법 시행령 2026.6.3. 시행)"
)
AMEND_2022 = "http://www.sijung.co.kr/news/articleView.html?idxno=290979"
AMEND_2021 = "https://www.asiae.co.kr/article/2021062910072077089"
LOCAL_2018 = "https://www.yna.co.kr/view/AKR20180716123400004"
LOCAL_2014 = "https://daehannews.kr/news/article.html?no=313935"
COVID_LOCAL = "https://www.hankyung.com/article/202007146731Y"
NATIONAL_SE = "https://www.ancnews.kr/news/articleView.html?idxno=19010"

M = 1_000_000
BEFORE_2022 = D(2022, 8, 31)
FROM_2022 = D(2022, 9, 1)
BEFORE_2021 = D(2021, 6, 28)
FROM_2021 = D(2021, 6, 29)
COVID_L = (D(2020, 7, 15), D(2020, 12, 31))
COVID_N = (D(2020, 5, 1), BEFORE_2021)

TEXT_25 = "한도·조문: 지방계약법 시행령 제25조 2026.6.3. 시행 본문(law.go.kr XML 사본)에서 읽음."
TEXT_26 = "한도·조문: 국가계약법 시행령 제26조 2026.6.3. 시행 본문(law.go.kr XML 사본)에서 읽음."
TEXT_30 = "1인 견적 한도: 시행령 제30조 (domain-research §1.3a, 2026 본문 사본). 제30조 원문은 직접 읽지 못함."
DATE_2022 = "시행일: 2022년 9월 '2배 상향' 개정으로 봄 — 월까지만 확인, 9월 1일은 미확인."
NO_DATE = "언제부터 이 한도인지(시행일)는 확인하지 못함 — 이전 계약은 그날의 시행령을 확인하세요."
SE_LOCAL_SHARE = "취약계층 고용비율 30%는 2018년 보도와 행정안전부 고시 제2018-49호로 확인; 현행 고시의 비율은 미확인."
NATIONAL_SE_CONDITION = (
    "사회적기업·사회적협동조합·자활기업·마을기업은 재정경제부장관(옛 기획재정부장관)이 정하는 요건을 충족해야 합니다 "
    "(요건의 내용은 확인하지 못했습니다 — 계약예규·고시에서 확인하세요)"
)
NATIONAL_SE_CHECKED = "요건(재정경제부장관이 정함)의 내용은 찾지 못함: 조건부로 답함."

SE, SM, WO, DI, YS, ANY = "social_economy", "small_micro", "women", "disabled", "youth_startup", "anyone"
GS, W, WG, WS, WX = "goods_services", "works", "works_general", "works_specialty", "works_other"
ONE, TWO = "single_quote", "multi_quote"


def rule(regime, group, scope, route, limit, basis, source, verified, checked, start=None, end=None, **extra):
    return {
        "regime": regime,
        "group": group,
        "kind_scope": scope,
        "route": route,
        "max_amount": limit,
        "basis": basis,
        "source_url": source,
        "verified": verified,
        "checked": checked,
        "effective_from": start,
        "effective_to": end,
        "min_vulnerable_share_bp": extra.get("share"),
        "condition": extra.get("condition", ""),
        "note": extra.get("note", ""),
    }


L25 = "지방계약법 시행령 제25조제1항제5호"
L30 = "지방계약법 시행령 제30조제1항제2호"
N26 = "국가계약법 시행령 제26조제1항제5호가목"
N30 = "국가계약법 시행령 제30조제1항제2호"
RULES = [
    # --- 지방계약법: 물품·용역 ---------------------------------------------------------------------------------
    rule("local", ANY, GS, ONE, 20 * M, L30, LAW, True, TEXT_30),
    rule("local", ANY, GS, TWO, 20 * M, f"{L25}나목", LOCAL_TEXT, True, TEXT_25),
    rule("local", YS, GS, ONE, 50 * M, f"{L30}가목", LOCAL_TEXT, False, f"{TEXT_30} {NO_DATE}"),
    rule("local", YS, GS, TWO, 50 * M, f"{L25}다목", LOCAL_TEXT, False, f"{TEXT_25} {NO_DATE}"),
    rule(
        "local",
        SM,
        GS,
        TWO,
        100 * M,
        f"{L25}라목",
        LOCAL_TEXT,
        False,
        f"{TEXT_25} 1인 견적 특례 없음. {NO_DATE}",
        note="2천만원 초과는 2인 이상 견적(지정정보처리장치).",
    ),
]
for group, item in ((WO, "1)"), (DI, "2)")):
    RULES += [
        rule(
            "local",
            group,
            GS,
            ONE,
            50 * M,
            f"{L30}가목",
            LOCAL_2014,
            True,
            f"{TEXT_30} 2014-11-24 2천만→5천만 (보도 확인).",
            D(2014, 11, 24),
        ),
        rule(
            "local",
            group,
            GS,
            TWO,
            50 * M,
            f"{L25}바목{item} (2022년 개정 전)",
            LOCAL_2014,
            False,
            "개정 전 수의계약 한도를 1인 견적 한도(5천만원)와 같게 봄 — 개정 전 본문은 읽지 못함.",
            D(2014, 11, 24),
            BEFORE_2022,
        ),
        rule(
            "local",
            group,
            GS,
            TWO,
            100 * M,
            f"{L25}바목{item}",
            AMEND_2022,
            False,
            f"{TEXT_25} 취약계층 조건 없음. {DATE_2022}",
            FROM_2022,
        ),
        rule(
            "local",
            group,
            GS,
            TWO,
            100 * M,
            "지방계약법 시행령 한시 특례 (코로나19)",
            COVID_LOCAL,
            False,
            "한시 특례 5천만→1억 (보도 확인); 특례 고시 원문은 읽지 못함.",
            *COVID_L,
        ),
    ]
RULES += [
    rule(
        "local",
        SE,
        GS,
        ONE,
        50 * M,
        f"{L30}나목",
        LOCAL_2018,
        True,
        f"{TEXT_30} 2018-07-24 시행 (대통령령 제29059호). {SE_LOCAL_SHARE}",
        D(2018, 7, 24),
        share=3000,
    ),
    rule(
        "local",
        SE,
        GS,
        TWO,
        50 * M,
        f"{L25}바목 (2022년 개정 전)",
        LOCAL_2018,
        False,
        "개정 전 수의계약 한도를 1인 견적 한도(5천만원)와 같게 봄 — 개정 전 본문은 읽지 못함.",
        D(2018, 7, 24),
        BEFORE_2022,
        share=3000,
    ),
    rule(
        "local",
        SE,
        GS,
        TWO,
        100 * M,
        f"{L25}바목 3)~6) 및 단서",
        AMEND_2022,
        False,
        f"{TEXT_25} 단서: 행정안전부 고시 취약계층 고용비율; 마을기업은 행정안전부 기준. {SE_LOCAL_SHARE} {DATE_2022}",
        FROM_2022,
        share=3000,
    ),
    rule(
        "local",
        SE,
        GS,
        TWO,
        100 * M,
        "지방계약법 시행령 한시 특례 (코로나19)",
        COVID_LOCAL,
        False,
        "한시 특례 5천만→1억 (보도 확인); 특례 고시 원문은 읽지 못함.",
        *COVID_L,
        share=3000,
    ),
    # --- 지방계약법: 공사 ----------------------------------------------------------------------------------------
    rule("local", ANY, W, ONE, 20 * M, L30, LAW, True, TEXT_30),
]
for scope, now, before, what in ((WG, 400, 200, "종합공사"), (WS, 200, 100, "전문공사"), (WX, 160, 80, "그 밖의 공사")):
    RULES += [
        rule(
            "local",
            ANY,
            scope,
            TWO,
            now * M,
            f"{L25}가목 ({what})",
            LOCAL_TEXT,
            False,
            f"{TEXT_25} {DATE_2022}",
            FROM_2022,
        ),
        rule(
            "local",
            ANY,
            scope,
            TWO,
            before * M,
            f"{L25}가목 ({what}, 2022년 개정 전)",
            AMEND_2022,
            False,
            "개정 전 한도는 '2배 상향' 보도에서 역산 — 개정 전 본문은 읽지 못함.",
            None,
            BEFORE_2022,
        ),
    ]
# --- 국가계약법: 물품·용역 ---------------------------------------------------------------------------------------
RULES += [
    rule("national", ANY, GS, ONE, 20 * M, N30, LAW, True, TEXT_30),
    rule("national", ANY, GS, TWO, 20 * M, f"{N26}2)", NATIONAL_TEXT, True, TEXT_26),
    rule(
        "national",
        SM,
        GS,
        TWO,
        100 * M,
        f"{N26}3)",
        AMEND_2021,
        True,
        f"{TEXT_26} 2021-06-29 5천만→1억 (보도 확인). 1인 견적 특례는 찾지 못함.",
        FROM_2021,
    ),
    rule(
        "national",
        SM,
        GS,
        TWO,
        50 * M,
        f"{N26}3) (2021년 개정 전)",
        AMEND_2021,
        False,
        "개정 전 5천만원 (보도 확인); 개정 전 본문과 그 시행일은 읽지 못함.",
        None,
        BEFORE_2021,
    ),
    rule(
        "national",
        SM,
        GS,
        TWO,
        100 * M,
        "국가계약법 시행령 한시 특례 (코로나19)",
        "",
        False,
        "한시 특례 5천만→1억 (2차 자료); 특례 원문은 읽지 못함.",
        *COVID_N,
    ),
    rule(
        "national",
        YS,
        GS,
        TWO,
        50 * M,
        f"{N26}7)",
        NATIONAL_TEXT,
        False,
        f"{TEXT_26} 1인 견적 특례는 찾지 못함. {NO_DATE}",
    ),
]
for group, item in ((WO, "가)"), (DI, "나)")):
    RULES += [
        rule("national", group, GS, ONE, 50 * M, f"{N30} 단서", NATIONAL_SE, True, TEXT_30),
        rule(
            "national",
            group,
            GS,
            TWO,
            100 * M,
            f"{N26}5){item}",
            AMEND_2021,
            True,
            f"{TEXT_26} 2021-06-29 5천만→1억 (보도 확인).",
            FROM_2021,
        ),
        rule(
            "national",
            group,
            GS,
            TWO,
            50 * M,
            f"{N26}5){item} (2021년 개정 전)",
            AMEND_2021,
            False,
            "개정 전 5천만원 (보도 확인); 개정 전 본문은 읽지 못함.",
            None,
            BEFORE_2021,
        ),
        rule(
            "national",
            group,
            GS,
            TWO,
            100 * M,
            "국가계약법 시행령 한시 특례 (코로나19)",
            "",
            False,
            "한시 특례 5천만→1억 (2차 자료); 특례 원문은 읽지 못함.",
            *COVID_N,
        ),
        rule(
            "national",
            group,
            W,
            ONE,
            50 * M,
            f"{N30} 단서 (법제처 해석: 공사 포함)",
            NATIONAL_SE,
            True,
            f"{TEXT_30} 법제처 해석(보도 확인).",
        ),
    ]
NSE = {"condition": NATIONAL_SE_CONDITION}
RULES += [
    rule(
        "national",
        SE,
        GS,
        ONE,
        50 * M,
        f"{N30} 단서",
        NATIONAL_SE,
        False,
        f"{TEXT_30} 2018-12-04 개정. {NATIONAL_SE_CHECKED}",
        D(2018, 12, 4),
        **NSE,
    ),
    rule(
        "national",
        SE,
        GS,
        TWO,
        100 * M,
        f"{N26}5)다)",
        AMEND_2021,
        False,
        f"{TEXT_26} 2021-06-29 1억. {NATIONAL_SE_CHECKED}",
        FROM_2021,
        **NSE,
    ),
    rule(
        "national",
        SE,
        GS,
        TWO,
        50 * M,
        f"{N26}5) (2021년 개정 전)",
        NATIONAL_SE,
        False,
        f"2018년 추가, 5천만원 (보도 확인). {NATIONAL_SE_CHECKED}",
        D(2018, 12, 4),
        BEFORE_2021,
        **NSE,
    ),
    rule(
        "national",
        SE,
        GS,
        TWO,
        100 * M,
        "국가계약법 시행령 한시 특례 (코로나19)",
        "",
        False,
        f"한시 특례 5천만→1억 (2차 자료). {NATIONAL_SE_CHECKED}",
        *COVID_N,
        **NSE,
    ),
    rule(
        "national",
        SE,
        W,
        ONE,
        50 * M,
        f"{N30} 단서 (법제처 해석: 공사 포함)",
        NATIONAL_SE,
        False,
        f"{TEXT_30} {NATIONAL_SE_CHECKED}",
        D(2018, 12, 4),
        **NSE,
    ),
    # --- 국가계약법: 공사 -----------------------------------------------------------------------------------------
    rule("national", ANY, W, ONE, 20 * M, N30, LAW, True, TEXT_30),
]
for scope, limit, what in ((WG, 400, "건설공사(전문공사 제외)"), (WS, 200, "전문공사"), (WX, 160, "그 밖의 공사")):
    RULES.append(
        rule("national", ANY, scope, TWO, limit * M, f"{N26}1) ({what})", NATIONAL_TEXT, False, f"{TEXT_26} {NO_DATE}")
    )

KEY = ("regime", "group", "kind_scope", "route", "effective_from", "effective_to", "max_amount")


def load(apps, schema_editor):
    RouteRule = apps.get_model("buying", "RouteRule")
    kept = []
    for values in RULES:
        found = RouteRule.objects.filter(**{k: values[k] for k in KEY}).order_by("pk").first()
        if found is None:
            found = RouteRule.objects.create(**values)
        else:
            for field, value in values.items():
                setattr(found, field, value)
            found.save()
        kept.append(found.pk)
    RouteRule.objects.exclude(pk__in=kept).delete()


class Migration(migrations.Migration):
    dependencies = [("buying", "0009_routes_by_group_and_estimate")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
