from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from xeploai import health, security

admin.site.site_header = "Xếp loại – Quản trị"
admin.site.site_title = "Xếp loại"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("phien/gia-han/", security.session_keepalive, name="session_keepalive"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("quan-tri/", admin.site.urls),
    path("bao-cao/", include("xeploai.reports.urls")),
    path("theo-doi/", include("xeploai.dashboard.urls")),
    path("ky/", include("xeploai.reviews.urls")),
    path("", include("xeploai.orgs.urls")),
]
