"""Anonymous responses that cannot be lined up with their authors (docs/privacy.md).

Existing data: an anonymous survey's responses lose their day (a day of few responses groups them), their
institution and their role (the columns go: only a question the person answers may carry either), and every
response with its answers is written again in random order with new random keys — so the storage order
(SQLite's rowid, PostgreSQL's ctid), which followed the participations', no longer does. On SQLite the rows
deleted are overwritten (secure_delete). What this migration cannot reach: backups taken before it, the old
rows PostgreSQL keeps until VACUUM, a write-ahead log not yet recycled (docs/privacy.md, "After upgrading").
"""

import random
import uuid

import django.db.models.deletion
from django.db import migrations, models


def forget_and_shuffle(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    shuffler = random.SystemRandom()
    for survey_id in Survey.objects.filter(anonymous=True).values_list("pk", flat=True):
        responses = {pk: [] for pk in Response.objects.filter(survey_id=survey_id).values_list("pk", flat=True)}
        if not responses:
            continue
        for response_id, question_id, choices, text in Answer.objects.filter(
            response__survey_id=survey_id
        ).values_list("response_id", "question_id", "choices", "text"):
            responses[response_id].append((question_id, choices, text))
        Answer.objects.filter(response__survey_id=survey_id).delete()
        Response.objects.filter(survey_id=survey_id).delete()
        kept = list(responses.values())
        shuffler.shuffle(kept)
        new = [Response(id=uuid.uuid4(), survey_id=survey_id, submitted_on=None) for _ in kept]
        Response.objects.bulk_create(new)
        rows = [
            Answer(id=uuid.uuid4(), response_id=response.pk, question_id=question_id, choices=choices, text=text)
            for response, answers in zip(new, kept, strict=True)
            for question_id, choices, text in answers
        ]
        shuffler.shuffle(rows)
        Answer.objects.bulk_create(rows, batch_size=2000)
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # check the deferred foreign keys before ALTER TABLE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="response",
            name="submitted_on",
            field=models.DateField(blank=True, null=True, verbose_name="응답일 (실명 설문만)"),
        ),
        migrations.RunPython(forget_and_shuffle, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="response",
            name="institution",
        ),
        migrations.RemoveField(
            model_name="response",
            name="role",
        ),
        migrations.CreateModel(
            name="PendingResponse",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("answers", models.JSONField(default=dict)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="pending", to="surveys.survey"
                    ),
                ),
            ],
            options={
                "verbose_name": "대기 중인 응답",
                "verbose_name_plural": "대기 중인 응답",
            },
        ),
    ]
