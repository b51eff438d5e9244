"""The stored rule sets get the quota settings of DOMAIN §3.4 and the QĐ 366 choices (issue 12): a shipped preset
takes the preset's new values (qd366-2025: quota per committee pool, new members left out of the review); a rule
set an administrator made takes the defaults, which give the results it gave before."""

from django.db import migrations

DEFAULTS = {"scope": "cell", "rounding": "floor", "base": "htt"}


def forwards(apps, schema_editor):
    from xeploai.rules.presets import PRESETS

    RuleSet = apps.get_model("reviews", "RuleSet")
    for ruleset in RuleSet.objects.all():
        params = dict(ruleset.params or {})
        preset = PRESETS.get(ruleset.code) if ruleset.is_preset else None
        for side in ("member", "organisation"):
            section = dict(params.get(side) or {})
            if isinstance(section.get("quota"), dict):
                section["quota"] = {**DEFAULTS, **section["quota"]}
                if preset is not None and side == "member":
                    section["quota"]["scope"] = preset["member"]["quota"]["scope"]
            params[side] = section
        member = params["member"]
        if preset is not None:
            member["new_members_reviewed"] = preset["member"]["new_members_reviewed"]
            params["description"] = ruleset.description = preset["description"]
        member.setdefault("new_members_reviewed", True)
        member.setdefault("head_roles", ["bi_thu"])
        ruleset.params = params
        ruleset.save(update_fields=["params", "description"])


class Migration(migrations.Migration):
    dependencies = [("reviews", "0008_quota_pools")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
