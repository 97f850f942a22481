from django.db.models import Count, Q

from procure.institutions.models import Institution


def institution_list(*, query: str = "", kind: str = ""):
    institutions = Institution.objects.annotate(
        department_count=Count("departments", filter=Q(departments__is_active=True), distinct=True),
        member_count=Count("members", distinct=True),
    ).order_by("name")
    if query:
        institutions = institutions.filter(name__icontains=query.strip())
    if kind:
        institutions = institutions.filter(kind=kind)
    return institutions


def institution_departments(*, institution: Institution):
    return institution.departments.annotate(member_count=Count("members")).order_by("-is_active", "name")
