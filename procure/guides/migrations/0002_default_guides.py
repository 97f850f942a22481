"""The first 공공구매 안내 pages; center staff edit them from then on (these only fill an empty table)."""

from django.db import migrations

PROCEDURE = """## 사회적경제기업 제품을 사는 순서

1. **찾기** — [품목 찾기](/catalog/)에서 필요한 물품·용역을 검색하고, 기업의 인증·지정이 계약일에 유효한지 봅니다.
2. **계약 방법 확인** — [계약 방법 안내](/buying/routes/)에서 금액·구분·기업유형으로 수의계약이 가능한지와 그 근거 조항을 봅니다.
3. **견적 요청** — 플랫폼에서 한 곳 또는 여러 곳에 같은 내용으로 견적을 요청하고 나란히 비교합니다.
4. **계약·검수·대금 지급** — 계약 후 완료 보고를 받으면 검수하고, 청구를 받으면 기한 안에 지급합니다.
5. **실적 확인** — 지급된 계약은 구매실적에 바로 더해지고, 기관·부서의 목표 대비 실적에서 확인할 수 있습니다.

## 유의할 점

- 경쟁입찰의 참가 자격을 사회적기업으로만 제한할 수는 없습니다 (법제처 해석 13-0497).
- 사회적기업·사회적협동조합·자활기업·마을기업과의 1인 견적 수의계약에는 취약계층 고용비율 같은 요건이 붙습니다. 금액 한도와 요건은 법령 개정에 따라 바뀌므로 **계약 방법 안내** 화면의 날짜별 규칙을 기준으로 하세요.
"""

LAW = """## 법적 근거

- **사회적기업 육성법 제12조 (공공기관의 우선 구매)** 및 같은 법 시행령 제12조의2: 공공기관은 사회적기업 제품의 우선 구매를 촉진하고, 구매 계획과 실적을 제출·공시합니다.
- **협동조합 기본법**: 사회적협동조합 제품도 공공기관 우선구매 대상에 포함됩니다.
- **지방자치단체를 당사자로 하는 계약에 관한 법률 시행령 제25조, 제30조**: 수의계약과 1인 견적의 범위.
- **관악구 조례**: 사회적경제 육성과 제품 우선구매에 관한 구 조례가 구매 목표와 공시를 정합니다.

정확한 조문은 국가법령정보센터(law.go.kr)에서 확인하세요.
"""

FAQ = """## 자주 묻는 질문

**예비사회적기업 제품도 실적에 들어가나요?**
관악구의 실적 집계는 (예비·인증) 사회적기업, 사회적협동조합, 마을기업, 자활기업을 모두 셉니다. 계약일에 인증·지정이 유효해야 합니다.

**기업의 인증이 계약 뒤에 끝나면요?**
실적은 계약일 기준입니다. 계약일에 유효했다면 그대로 인정됩니다.

**공사도 실적에 들어가나요?**
사회적경제기업 구매실적은 물품과 용역이 대상입니다. 총구매액(분모)의 범위는 구매실적 화면의 설명을 따르세요.

**서식은 어디 있나요?**
아래 '서식 내려받기'에 견적 요청서, 검수조서 서식을 올려 둡니다.
"""


def forwards(apps, schema_editor):
    Guide = apps.get_model("guides", "Guide")
    if Guide.objects.exists():
        return
    Guide.objects.create(slug="procedure", title="공공구매 절차", summary="찾기부터 대금 지급까지 다섯 단계", body=PROCEDURE, order=1)
    Guide.objects.create(slug="legal-basis", title="법적 근거", summary="우선구매와 수의계약의 근거 법령", body=LAW, order=2)
    Guide.objects.create(slug="faq", title="자주 묻는 질문", summary="실적 인정, 인증 기간, 서식", body=FAQ, order=3)


class Migration(migrations.Migration):
    dependencies = [("guides", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
