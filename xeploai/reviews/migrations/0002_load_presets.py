"""Loads the shipped rule-set presets (DOMAIN.md §2) as editable data."""

from django.db import migrations


def load_presets(apps, schema_editor):
    from xeploai.rules.presets import PRESETS

    RuleSet = apps.get_model("reviews", "RuleSet")
    for code, params in PRESETS.items():
        RuleSet.objects.update_or_create(
            code=code,
            defaults={
                "name": params["name"], "source": params.get("source", ""),
                "description": params.get("description", ""), "params": params, "is_preset": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(load_presets, migrations.RunPython.noop)]
