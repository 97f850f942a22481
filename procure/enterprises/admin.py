from django.contrib import admin

from procure.core.admin import AuditedModelAdmin
from procure.enterprises.models import Certification, Enterprise, EnterpriseQualification
from procure.enterprises.services import CERTIFICATION_FIELDS, QUALIFICATION_FIELDS
from procure.enterprises.signals import (
    certifications_changed_send,
    enterprise_changed_send,
    qualifications_changed_send,
)


@admin.register(Enterprise)
class EnterpriseAdmin(AuditedModelAdmin):
    audit_fields = ["name", "business_no", "main_products", "is_example", "is_active"]
    list_display = ["name", "business_no_display", "main_products", "is_example"]
    list_filter = ["is_example"]
    search_fields = ["name", "business_no"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        enterprise_changed_send(sender=Enterprise, enterprise=obj)  # name and 사용 feed the catalog search


@admin.register(Certification)
class CertificationAdmin(AuditedModelAdmin):
    """Corrections by the district's administrators; every change is audited and the ledger and search follow
    (the same event as the review in the site)."""

    audit_fields = CERTIFICATION_FIELDS
    list_display = ["enterprise", "type", "valid_from", "valid_to", "status"]
    list_filter = ["type", "status"]
    search_fields = ["enterprise__name", "enterprise__business_no", "number"]
    raw_id_fields = ["enterprise", "requested_by", "reviewed_by"]
    exclude = ["document"]

    def save_model(self, request, obj, form, change):
        previous = Certification.objects.filter(pk=obj.pk).values_list("enterprise__business_no", flat=True).first()
        super().save_model(request, obj, form, change)
        certifications_changed_send(sender=Certification, business_nos={obj.enterprise.business_no, previous or ""})

    def delete_model(self, request, obj):
        business_no = obj.enterprise.business_no
        super().delete_model(request, obj)
        certifications_changed_send(sender=Certification, business_nos={business_no})


@admin.register(EnterpriseQualification)
class EnterpriseQualificationAdmin(AuditedModelAdmin):
    """Corrections and deletions of 확인서·면허 by the district's administrators (the site records and reviews them)."""

    audit_fields = QUALIFICATION_FIELDS
    list_display = ["enterprise", "kind", "valid_from", "valid_until", "status"]
    list_filter = ["status"]
    search_fields = ["enterprise__name", "enterprise__business_no", "number", "kind"]
    raw_id_fields = ["enterprise", "requested_by", "reviewed_by"]
    exclude = ["document"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        qualifications_changed_send(sender=EnterpriseQualification, enterprise=obj.enterprise)

    def delete_model(self, request, obj):
        enterprise = obj.enterprise
        super().delete_model(request, obj)
        qualifications_changed_send(sender=EnterpriseQualification, enterprise=enterprise)
