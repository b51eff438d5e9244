from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from .models import DecisionStep, Milestone, QuotaPool, ReviewPeriod, RuleSet, SupervisorAssignment


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    """The list and the history stay here; a rule set is created and edited in the rule-set editor (a form per
    section, a preview on a sample cell), never as raw JSON."""

    list_display = ["code", "name", "is_preset", "updated_at"]
    search_fields = ["code", "name"]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect(reverse("dashboard:ruleset_create"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ruleset = RuleSet.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        if ruleset is None:
            return redirect(reverse("admin:reviews_ruleset_changelist"))
        return redirect(reverse("dashboard:ruleset_edit", args=[ruleset.code]))


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class DecisionStepInline(admin.TabularInline):
    model = DecisionStep
    extra = 0
    verbose_name_plural = ("thẩm quyền quyết định: để trống là theo Quy định 366 Điều 13 (chi bộ trực thuộc → đảng "
                           "ủy cơ sở; chi bộ cơ sở, đảng bộ cơ sở → cấp ủy cấp trên trực tiếp)")


class QuotaPoolInline(admin.TabularInline):
    model = QuotaPool
    extra = 0


class SupervisorInline(admin.TabularInline):
    model = SupervisorAssignment
    extra = 0
    autocomplete_fields = ["unit", "supervisor"]


@admin.register(ReviewPeriod)
class ReviewPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["year", "committee", "plan_number", "plan_date", "ruleset", "review_date"]
    list_filter = ["year", "ruleset"]
    search_fields = ["plan_number", "title", "committee__name"]
    autocomplete_fields = ["committee"]
    inlines = [MilestoneInline, DecisionStepInline, QuotaPoolInline, SupervisorInline]
    list_select_related = ["committee", "ruleset"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period", "start", "due"]
    list_select_related = ["period__committee"]


@admin.register(SupervisorAssignment)
class SupervisorAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["supervisor", "unit", "period"]
    autocomplete_fields = ["unit", "supervisor"]
    list_select_related = ["supervisor", "unit", "period__committee"]
