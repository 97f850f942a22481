from django.db import migrations

# A frozen copy: later edits to the taxonomy are made as data (admin), not by changing this list.
TAXONOMY = [
    ("EVENT", "행사·이벤트 대행"),
    ("EDU", "교육·강의·체험 프로그램"),
    ("CATER", "도시락·케이터링·다과"),
    ("FOOD", "식품·농산물·선물세트"),
    ("PRINT", "인쇄·출판·디자인·현수막"),
    ("CLEAN", "청소·방역·소독"),
    ("REPAIR", "시설관리·집수리·인테리어"),
    ("GREEN", "조경·녹화·원예"),
    ("OFFICE", "사무용품·문구·소모품"),
    ("GIFT", "기념품·판촉물·공예품"),
    ("APPAREL", "의류·유니폼·봉제"),
    ("IT", "IT·소프트웨어·PC·정비"),
    ("MEDIA", "영상·사진·홍보콘텐츠 제작"),
    ("CULTURE", "문화예술 공연·전시"),
    ("CARE", "돌봄·복지·사회서비스"),
    ("LOGIS", "물류·배송·이사"),
    ("ENV", "환경·재활용·업사이클"),
    ("CONSULT", "컨설팅·조사·연구용역"),
    ("LAUNDRY", "세탁·린넨"),
    ("NONE", "해당없음"),
]


def load(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for order, (code, name) in enumerate(TAXONOMY, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
