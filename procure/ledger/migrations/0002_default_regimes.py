from django.db import migrations

ALL_TYPES = ["certified_se", "pre_se", "social_coop", "coop", "village", "self_sufficiency"]
ALL_KINDS = ["goods", "services", "works"]


def load(apps, schema_editor):
    try:
        Regime = apps.get_model("ledger", "Regime")
    except LookupError:  # called with today's models (tests reload reference data): Regime lives in performance
        Regime = apps.get_model("performance", "Regime")
    Regime.objects.get_or_create(
        code="district",
        defaults={
            "name": "관악구 기준 (사회적경제기업 전체)",
            "description": "관악구 조례에 따라 인증·예비 사회적기업, 사회적협동조합, 협동조합, 마을기업, 자활기업 제품을 모두 인정합니다. "
            "총구매액은 그 해 모든 구분(물품·용역·공사)의 구매액입니다.",
            "counted_types": ALL_TYPES,
            "denominator_kinds": ALL_KINDS,
            "is_default": True,
        },
    )
    Regime.objects.get_or_create(
        code="national",
        defaults={
            "name": "고용노동부 기준 (인증 사회적기업)",
            "description": "「사회적기업 육성법」 제12조에 따른 우선구매 실적: 인증 사회적기업 제품만 인정합니다.",
            "counted_types": ["certified_se"],
            "denominator_kinds": ALL_KINDS,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
