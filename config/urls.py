from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from procure.api.api import api as public_api
from procure.performance.urls import disclosure_patterns

# The admin uses the site's own login (and its throttling) instead of a second login form.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = "사회적경제 공공구매 플랫폼 관리"
admin.site.site_title = "공공구매 플랫폼 관리"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("procure.accounts.urls")),
    path("institutions/", include("procure.institutions.urls")),
    path("enterprises/", include("procure.enterprises.urls")),
    path("catalog/", include("procure.catalog.urls")),
    path("vetting/", include("procure.vetting.urls")),
    path("performance/", include("procure.performance.urls")),
    path("ledger/", include("procure.ledger.urls")),
    path("g2b/", include("procure.g2b.urls")),
    path("buying/", include("procure.buying.urls")),
    path("events/", include("procure.events.urls")),
    path("surveys/", include("procure.surveys.urls")),
    path("guides/", include("procure.guides.urls")),
    path("open-data/", include("procure.api.urls")),
    path("api/", public_api.urls),
    path("insights/", include("procure.insights.urls")),
    path("disclosure/", include(disclosure_patterns)),
    path("", include("procure.site.urls")),
]

handler403 = "procure.site.views.permission_denied"
handler404 = "procure.site.views.page_not_found"
handler500 = "procure.site.views.server_error"
