import json

from django import forms
from django.contrib import admin
from django.forms.fields import InvalidJSONInput
from simple_history.admin import SimpleHistoryAdmin

from .models import DecisionStep, Milestone, QuotaPool, ReviewPeriod, RuleSet, SupervisorAssignment


class ReadableJSONField(forms.JSONField):
    """Shows the parameters indented and with Vietnamese letters, not \\u escapes."""

    def prepare_value(self, value):
        if isinstance(value, InvalidJSONInput):  # shown back as typed, with the error
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


class RuleSetForm(forms.ModelForm):
    params = ReadableJSONField(
        label="Tham số (JSON)", widget=forms.Textarea(attrs={"rows": 30, "style": "font-family: monospace"})
    )

    class Meta:
        model = RuleSet
        fields = ["code", "name", "source", "description", "params", "is_preset"]


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    form = RuleSetForm
    list_display = ["code", "name", "is_preset", "updated_at"]
    search_fields = ["code", "name"]


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
