from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Member, Organization, Post, Role


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    autocomplete_fields = ["parent"]


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    fk_name = "member"
    autocomplete_fields = ["unit"]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "unit", "admitted_on", "official_on", "category", "exempt", "active"]
    list_filter = ["category", "exempt", "active", "is_civil_servant"]
    search_fields = ["full_name", "card_number"]
    autocomplete_fields = ["unit"]
    inlines = [PostInline]
    list_select_related = ["unit"]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["member", "title", "unit", "start", "end"]
    list_filter = ["title"]
    autocomplete_fields = ["member", "unit"]
    list_select_related = ["member", "unit"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "kind", "organization", "member"]
    list_filter = ["kind"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["organization", "member"]
    list_select_related = ["user", "organization", "member"]
