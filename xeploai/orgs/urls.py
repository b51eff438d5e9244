from django.urls import path

from . import views, views_import

urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/<slug:code>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<slug:code>/nhap-danh-sach/", views_import.upload, name="roster_import"),
    path("don-vi/<slug:code>/nhap-danh-sach/<int:pk>/", views_import.columns, name="roster_import_columns"),
    path("don-vi/<slug:code>/nhap-danh-sach/<int:pk>/xem-truoc/", views_import.preview, name="roster_import_preview"),
    path("don-vi/<slug:code>/nhap-danh-sach/<int:pk>/ghi/", views_import.commit, name="roster_import_commit"),
]
