"""Downloads under /bao-cao/: one named URL per document and format ("reports:tally_minutes_pdf", …)."""

from django.urls import path

from . import views
from .catalog import KINDS

app_name = "reports"

urlpatterns = [
    path("<int:period>/<slug:code>/tong-hop/", views.summary_preview, name="summary_preview"),
    path("<int:period>/dang-vien/<int:member>/ban-kiem-diem-ca-nhan.pdf", views.member_self_review,
         name="member_self_review_pdf"),
    path("xep-loai-lai/<int:pk>/quyet-dinh.pdf", views.decision, name="reclassification_pdf"),
    *(path(f"<int:period>/<slug:code>/{kind.slug}.{fmt}", views.download, {"kind": kind.key, "fmt": fmt},
           name=f"{kind.key}_{fmt}")
      for kind in KINDS for fmt in kind.formats),
]
