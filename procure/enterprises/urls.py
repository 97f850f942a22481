from django.urls import path

from procure.enterprises import views, views_registry

app_name = "enterprises"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("mine/", views.my_enterprise, name="my_enterprise"),
    path("mine/edit/", views.profile_edit, name="profile_edit"),
    path("mine/certifications/new/", views.certification_new, name="certification_new"),
    path("mine/photos/new/", views.photo_upload, name="photo_upload"),
    path("certifications/pending/", views.certification_queue, name="certification_queue"),
    path("<int:pk>/name-review/", views.name_review, name="name_review"),
    path("certifications/<int:pk>/review/", views.certification_review, name="certification_review"),
    path("certifications/<int:pk>/document/", views.certification_document, name="certification_document"),
    path("mine/qualifications/new/", views.qualification_new, name="qualification_new"),
    path("<int:pk>/qualifications/new/", views.qualification_record, name="qualification_record"),
    path("<int:pk>/qualifications/<int:qualification_pk>/edit/", views.qualification_record, name="qualification_edit"),
    path("qualifications/<int:pk>/review/", views.qualification_review, name="qualification_review"),
    path("qualifications/<int:pk>/document/", views.qualification_document, name="qualification_document"),
    path("registry/list-checks/", views_registry.list_checks, name="list_checks"),
    path("registry/list-checks/<int:pk>/", views_registry.list_check_detail, name="list_check_detail"),
    path("registry/proposals/<int:pk>/decide/", views_registry.proposal_decide, name="proposal_decide"),
    path("registry/business-status/", views_registry.business_status_list, name="business_status_list"),
    path(
        "registry/business-status/<int:pk>/clear/", views_registry.business_status_clear, name="business_status_clear"
    ),
]
