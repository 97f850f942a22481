from django.urls import path

from procure.vetting import views

app_name = "vetting"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("new/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("<int:pk>/criteria/", views.round_criteria, name="round_criteria"),
    path("<int:pk>/questions/", views.round_questions, name="round_questions"),
    path("<int:pk>/reviewers/", views.round_reviewers, name="round_reviewers"),
    path("<int:pk>/status/", views.round_status, name="round_status"),
    path("<int:pk>/ranking/", views.round_ranking, name="round_ranking"),
    path("<int:pk>/scoring.xlsx", views.round_export, name="round_export"),
    path("<int:pk>/apply/", views.application_new, name="application_new"),
    path("<int:pk>/review/", views.review_list, name="review_list"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/score/", views.review_score, name="review_score"),
    path("answers/<int:pk>/file/", views.answer_file, name="answer_file"),
]
