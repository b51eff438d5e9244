"""The shipped rule sets take the presets' new name, source and description: documents cited by number and section as
users know them (issue 14), no file names of the project's references. A rule set an administrator made is left
as it is, and so is a preset whose text an administrator changed since it was loaded."""

from django.db import migrations

OLD_MARKERS = ("reference/", "§", "DOMAIN", ": hiện hành", "(như hcm-2014)", "như lamdong-2021", "(cap_head_unit)")


def forwards(apps, schema_editor):
    from xeploai.rules.presets import PRESETS

    RuleSet = apps.get_model("reviews", "RuleSet")
    for ruleset in RuleSet.objects.filter(is_preset=True, code__in=list(PRESETS)):
        preset = PRESETS[ruleset.code]
        changed = []
        for field in ("name", "source", "description"):
            value = getattr(ruleset, field) or ""
            if any(marker in value for marker in OLD_MARKERS) and value != preset[field]:
                setattr(ruleset, field, preset[field])
                changed.append(field)
        if changed:  # the stored params carry the same texts (0002 stored the whole preset)
            params = dict(ruleset.params or {})
            params.update({field: preset[field] for field in changed if field in params})
            ruleset.params = params
            changed.append("params")
        if changed:
            ruleset.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0011_review_category")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
