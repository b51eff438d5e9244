from django.urls import path

from . import views, views_plans, views_rulesets

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:period>/", views.progress, name="progress"),
    path("don-vi/<slug:code>/ke-hoach/", views_plans.plans, name="plans"),
    path("don-vi/<slug:code>/ke-hoach/tao/", views_plans.period_create, name="period_create"),
    path("ke-hoach/<int:period>/", views_plans.plan, name="plan"),
    path("ke-hoach/<int:period>/sua/", views_plans.period_edit, name="period_edit"),
    path("ke-hoach/<int:period>/sao-chep/", views_plans.period_copy, name="period_copy"),
    path("ke-hoach/<int:period>/phan-cong/", views_plans.supervisors, name="supervisors"),
    path("ke-hoach/<int:period>/buoc/them/", views_plans.step_add, name="step_add"),
    path("ke-hoach/<int:period>/buoc/<int:step>/sua/", views_plans.step_edit, name="step_edit"),
    path("ke-hoach/<int:period>/buoc/<int:step>/di-chuyen/", views_plans.step_move, name="step_move"),
    path("ke-hoach/<int:period>/buoc/<int:step>/xoa/", views_plans.step_delete, name="step_delete"),
    path("bo-quy-tac/", views_rulesets.ruleset_list, name="rulesets"),
    path("bo-quy-tac/tao/", views_rulesets.ruleset_create, name="ruleset_create"),
    path("bo-quy-tac/nhap/", views_rulesets.ruleset_import, name="ruleset_import"),
    path("bo-quy-tac/<slug:code>/sua/", views_rulesets.ruleset_edit, name="ruleset_edit"),
    path("bo-quy-tac/<slug:code>/tai-ve/", views_rulesets.ruleset_export, name="ruleset_export"),
]
