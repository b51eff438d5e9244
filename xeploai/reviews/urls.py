from django.urls import path

from . import views, views_decide, views_pools

app_name = "reviews"

urlpatterns = [
    path("<int:period>/<slug:code>/", views.unit_period, name="unit_period"),
    path("<int:period>/<slug:code>/mo-ky/", views.open_unit, name="open"),
    path("<int:period>/<slug:code>/kiem-phieu/", views.tally, name="tally"),
    path("<int:period>/<slug:code>/cham-diem/", views.scores, name="scores"),
    path("<int:period>/<slug:code>/to-chuc/", views.unit_facts, name="unit_facts"),
    path("<int:period>/<slug:code>/bieu-diem/", views.score_sheet, name="score_sheet"),
    path("<int:period>/<slug:code>/gui/", views_decide.submit, name="submit"),
    path("<int:period>/<slug:code>/tham-dinh/", views_decide.appraisal, name="appraisal"),
    path("<int:period>/<slug:code>/cong-nhan/", views_decide.recognise, name="recognise"),
    path("<int:period>/<slug:code>/tra-lai/", views_decide.return_unit, name="return"),
    path("<int:period>/<slug:code>/nhom-chi-tieu/", views_pools.pools_edit, name="pools"),
    path("<int:period>/<slug:code>/xet-htxs/", views_pools.pool_decide, name="pool_decide"),
    path("<int:period>/<slug:code>/xep-loai-lai/", views_decide.reclassify, name="reclassify"),
    path("<int:period>/dang-vien/<int:member>/tu-kiem-diem/", views.self_review, name="self_review"),
    path("<int:period>/dang-vien/<int:member>/thong-tin/", views.member_facts, name="member_facts"),
    path("<int:period>/dang-vien/<int:member>/quyet-dinh/", views_decide.decide_member, name="decide_member"),
    path("<int:period>/dang-vien/<int:member>/lich-su-ho-so/", views_decide.member_review_history,
         name="member_review_history"),
    path("<int:period>/<slug:code>/lich-su-ho-so/", views_decide.unit_review_history, name="unit_review_history"),
    path("lich-su/dang-vien/<int:member>/", views_decide.member_history, name="member_history"),
    path("lich-su/don-vi/<slug:code>/", views_decide.unit_history, name="unit_history"),
]
