from django.urls import path

from procure.site import import_views, views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my_work, name="my_work"),
    path("healthz", views.healthz, name="healthz"),
    path("manage/", views.manage, name="manage"),
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("imports/<slug:kind>/new/", import_views.import_upload, name="import_upload"),
    path("imports/<slug:kind>/template.xlsx", import_views.import_template, name="import_template"),
    path("imports/jobs/<int:pk>/", import_views.import_job, name="import_job"),
    path("imports/jobs/<int:pk>/status/", import_views.import_job_status, name="import_job_status"),
    path("imports/jobs/<int:pk>/confirm/", import_views.import_job_confirm, name="import_job_confirm"),
    path("imports/jobs/<int:pk>/columns/", import_views.import_job_mapping, name="import_job_mapping"),
    path("imports/jobs/<int:pk>/retry/", import_views.import_job_retry_view, name="import_job_retry"),
    path("imports/jobs/<int:pk>/departments/", import_views.import_job_units, name="import_job_units"),
    path("imports/jobs/<int:pk>/errors.csv", import_views.import_job_errors, name="import_job_errors"),
]
