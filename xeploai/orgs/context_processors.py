from __future__ import annotations

from . import access


def user_roles(request) -> dict:
    """The header shows the user's main unit and role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = access.user_roles(user)
    ranked = sorted(roles, key=lambda role: ["admin", "office", "secretary", "member"].index(role.kind))
    return {"xl_roles": ranked, "xl_main_role": ranked[0] if ranked else None, "xl_is_admin": access.is_admin(user)}
