from django.urls import path

from procure.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_new, name="new"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/booths/", views.booth_list, name="booth_list"),
    path("<int:pk>/schedule/", views.schedule, name="schedule"),
    path("<int:pk>/timetables/", views.timetables_print, name="timetables_print"),
    path("<int:pk>/my-timetable/", views.my_timetable, name="my_timetable"),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/attendance.json", views.attendance, name="attendance"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("<int:pk>/registrations.xlsx", views.registrations_xlsx, name="registrations_xlsx"),
    path("booths/<int:pk>/", views.booth_detail, name="booth_detail"),
    path("booths/<int:pk>/edit/", views.booth_edit, name="booth_edit"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("registrations/<str:code>/", views.registration_detail, name="registration_detail"),
    path("registrations/<str:code>/qr.png", views.registration_qr, name="registration_qr"),
    path("registrations/<str:code>/cancel/", views.registration_cancel, name="registration_cancel"),
]
