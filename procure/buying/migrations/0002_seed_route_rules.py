"""수의계약 한도 규칙, seeded from ../shared/design/domain-research.md §1.3 and §1.3a (read 2026-11-29).

Rules marked verified were read in the 2026 decree texts or a [V] news source; the others (dates of amendments
given only by month, temporary COVID rules, 공사 limits simplified to 전문공사) say so in the UI until the
district administrator confirms them."""

import datetime

from django.db import migrations

D = datetime.date
LAW_KR = "https://www.law.go.kr"
SE = "social_economy"
RULES = [
    # regime, group, kind_scope, route, max, min share bp, basis, from, to, source, verified, note
    ("local", "anyone", "goods_services", "single_quote", 20_000_000, None, "지방계약법 시행령 제30조제1항제2호", None, None, LAW_KR, True, ""),
    ("local", "anyone", "goods_services", "multi_quote", 20_000_000, None, "지방계약법 시행령 제25조제1항제5호나목", None, None, LAW_KR, True, ""),
    ("local", SE, "goods_services", "single_quote", 50_000_000, 3000, "지방계약법 시행령 제30조제1항제2호나목", D(2018, 7, 24), None,
     "https://www.yna.co.kr/view/AKR20180716123400004", True, "취약계층 고용비율은 행정안전부 고시(제2018-49호: 취약계층 근로자 ÷ 유급근로자)."),
    ("local", SE, "goods_services", "multi_quote", 50_000_000, 3000, "지방계약법 시행령 제25조제1항제5호바목", D(2018, 7, 24), D(2022, 8, 31),
     "https://www.yna.co.kr/view/AKR20180716123400004", False, "2022년 9월 개정 전 한도. 개정 시행일은 월까지만 확인."),
    ("local", SE, "goods_services", "multi_quote", 100_000_000, 3000, "지방계약법 시행령 제25조제1항제5호바목 3)~6)", D(2022, 9, 1), None,
     "http://www.sijung.co.kr/news/articleView.html?idxno=290979", False, "2022년 9월 '2배 상향' 개정. 시행일(9월 1일)은 미확인."),
    ("local", SE, "goods_services", "multi_quote", 100_000_000, 3000, "지방계약법 시행령 한시 특례 (코로나19)", D(2020, 7, 15), D(2020, 12, 31),
     "https://www.hankyung.com/article/202007146731Y", False, "한시 특례: 소액수의 물품·용역 5천만원 → 1억원."),
    ("local", "anyone", "works", "single_quote", 20_000_000, None, "지방계약법 시행령 제30조제1항제2호", None, None, LAW_KR, True, ""),
    ("local", "anyone", "works", "multi_quote", 200_000_000, None, "지방계약법 시행령 제25조제1항제5호가목", D(2022, 9, 1), None, LAW_KR, False,
     "전문공사 기준(종합공사 4억원, 기타공사 1.6억원). 공사 종류별 한도는 확인 필요."),
    ("national", "anyone", "goods_services", "single_quote", 20_000_000, None, "국가계약법 시행령 제30조제1항제2호", None, None, LAW_KR, True, ""),
    ("national", "anyone", "goods_services", "multi_quote", 20_000_000, None, "국가계약법 시행령 제26조제1항제5호가목2)", None, None, LAW_KR, True, ""),
    ("national", SE, "goods_services", "single_quote", 50_000_000, None, "국가계약법 시행령 제30조제1항제2호 단서", D(2018, 12, 4), None,
     "https://www.ancnews.kr/news/articleView.html?idxno=19010", True, "기획재정부 장관이 정하는 요건은 내용 미확인."),
    ("national", SE, "goods_services", "multi_quote", 50_000_000, None, "국가계약법 시행령 제26조제1항제5호가목5)", D(2018, 12, 4), D(2021, 6, 28),
     "https://www.ancnews.kr/news/articleView.html?idxno=19010", False, "2021년 6월 29일 개정 전 한도."),
    ("national", SE, "goods_services", "multi_quote", 100_000_000, None, "국가계약법 시행령 제26조제1항제5호가목5)", D(2021, 6, 29), None,
     "https://www.asiae.co.kr/article/2021062910072077089", True, ""),
    ("national", SE, "goods_services", "multi_quote", 100_000_000, None, "국가계약법 시행령 한시 특례 (코로나19)", D(2020, 5, 1), D(2021, 6, 28),
     "", False, "한시 특례(2차 자료): 물품·용역 5천만원 → 1억원."),
    ("national", "anyone", "works", "single_quote", 20_000_000, None, "국가계약법 시행령 제30조제1항제2호", None, None, LAW_KR, True, ""),
    ("national", SE, "works", "single_quote", 50_000_000, None, "국가계약법 시행령 제30조제1항제2호 단서 (법제처 해석: 공사 포함)", D(2018, 12, 4), None,
     "https://www.ancnews.kr/news/articleView.html?idxno=19010", True, ""),
]


def load(apps, schema_editor):
    RouteRule = apps.get_model("buying", "RouteRule")
    for regime, group, scope, route, limit, share, basis, start, end, source, verified, note in RULES:
        RouteRule.objects.get_or_create(
            regime=regime,
            group=group,
            kind_scope=scope,
            route=route,
            effective_from=start,
            effective_to=end,
            basis=basis,
            defaults={
                "max_amount": limit,
                "min_vulnerable_share_bp": share,
                "source_url": source,
                "verified": verified,
                "note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("buying", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
