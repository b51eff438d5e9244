from django import template

from xeploai.reviews.presentation import level_label, short_label

register = template.Library()

LEVEL_CLASSES = {
    "htxs": "text-bg-success", "tsvm": "text-bg-success", "htt": "text-bg-primary", "ht": "text-bg-info",
    "kht": "text-bg-danger", "yeu_kem": "text-bg-danger",
}


@register.filter
def short(code: str) -> str:
    """Level code → HTXS, HTT, …"""
    return short_label(code)


@register.filter
def label(code: str) -> str:
    return level_label(code, organisation=code in ("tsvm", "yeu_kem"))


@register.filter
def level_class(code: str) -> str:
    return LEVEL_CLASSES.get(code, "text-bg-secondary")


@register.filter
def vn_number(value) -> str:
    """12.5 → "12,5"; None → "—"."""
    if value is None or value == "":
        return "—"
    from xeploai.rules.text import format_number

    return format_number(value)


@register.simple_tag(takes_context=True)
def downloads_menu(context, period, unit) -> str:
    """The reports app's "Tải về" menu for this unit and period (empty if that app provides none)."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    try:
        menu = get_template("reports/_download_menu.html")
    except TemplateDoesNotExist:
        return ""
    return menu.render({**context.flatten(), "period": period, "unit": unit}, context.get("request"))


@register.filter
def add_class(bound_field, css: str = ""):
    """Render a bound field with CSS classes (keeps its value, name, disabled state); an invalid field is marked
    "is-invalid" (Django adds aria-invalid and aria-describedby, pointing at the message "<id>_error")."""
    classes = css or bound_field.field.widget.attrs.get("class", "")
    if bound_field.errors:
        classes = f"{classes} is-invalid".strip()
    return bound_field.as_widget(attrs={"class": classes} if classes else None)
