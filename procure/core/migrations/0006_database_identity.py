import uuid

from django.db import migrations, models


def make_identity(apps, schema_editor):
    DatabaseIdentity = apps.get_model("core", "DatabaseIdentity")
    DatabaseIdentity.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_import_job_options"),
    ]

    operations = [
        migrations.CreateModel(
            name="DatabaseIdentity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32, verbose_name="식별값")),
            ],
            options={
                "verbose_name": "데이터베이스 식별값",
                "verbose_name_plural": "데이터베이스 식별값",
            },
        ),
        migrations.RunPython(make_identity, migrations.RunPython.noop),
    ]
