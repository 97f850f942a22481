from django.db import transaction

from procure.core.services import audit, snapshot
from procure.guides.models import Guide, GuideFile

FIELDS = ["title", "slug", "is_published", "body"]


@transaction.atomic
def guide_save(*, actor, guide: Guide) -> Guide:
    before = snapshot(Guide.objects.get(pk=guide.pk), FIELDS) if guide.pk else None
    created = guide.pk is None
    guide.updated_by = actor
    guide.full_clean()
    guide.save()
    audit(
        actor=actor,
        action="guides.guide.created" if created else "guides.guide.changed",
        obj=guide,
        before=before,
        after=snapshot(guide, FIELDS),
    )
    return guide


@transaction.atomic
def guide_file_add(*, actor, guide: Guide, title: str, file, original_name: str = "") -> GuideFile:
    attached = GuideFile(guide=guide, title=title, original_name=original_name[:200])
    attached.file.save(file.name, file, save=False)
    attached.save()
    audit(actor=actor, action="guides.file.added", obj=guide, after={"title": title})
    return attached


@transaction.atomic
def guide_file_remove(*, actor, attached: GuideFile) -> None:
    audit(actor=actor, action="guides.file.removed", obj=attached.guide, before={"title": attached.title})
    attached.file.delete(save=False)
    attached.delete()
