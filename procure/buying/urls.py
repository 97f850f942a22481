from django.urls import path

from procure.buying import corrections, views

app_name = "buying"
urlpatterns = [
    path("routes/", views.routes, name="routes"),
    path("rules/", views.rules, name="rules"),
    path("rules/<int:pk>/confirm/", views.rule_confirm, name="rule_confirm"),
    path("requests/", views.request_list, name="request_list"),
    path("deadlines/", views.overdue_list, name="overdue"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/quote/", views.quote_submit_view, name="quote_submit"),
    path("requests/<int:pk>/decline/", views.quote_decline_view, name="quote_decline"),
    path("requests/<int:pk>/messages/", views.message_post_view, name="message_post"),
    path("requests/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("contracts/<int:pk>/change/", views.contract_change_view, name="contract_change"),
    path("changes/<int:pk>/decide/", views.contract_change_decide_view, name="contract_change_decide"),
    path("quotes/<int:pk>/award/", views.award, name="award"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/contract.pdf", views.contract_pdf, name="contract_pdf"),
    path("quotes/<int:pk>/quote.pdf", views.quote_pdf, name="quote_pdf"),
    path("contracts/<int:pk>/correction/", corrections.correction_request_view, name="correction_request"),
    path("corrections/", corrections.correction_list, name="corrections"),
    path("corrections/<int:pk>/decide/", corrections.correction_decide_view, name="correction_decide"),
    path("contracts/<int:pk>/<slug:step>/", views.contract_step_view, name="contract_step"),
]
