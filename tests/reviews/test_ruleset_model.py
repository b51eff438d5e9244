"""Rule sets stored as data: presets loaded by migration, edits validated with field-named messages."""

import pytest
from django.core.exceptions import ValidationError

from xeploai.reviews.models import RuleSet
from xeploai.rules.presets import PRESETS


def test_the_four_presets_are_loaded_by_the_data_migration(db):
    codes = set(RuleSet.objects.values_list("code", flat=True))
    assert codes >= {"hcm-2014", "lamdong-2021", "phucat-2023", "qd366-2025"}
    for ruleset in RuleSet.objects.filter(is_preset=True):
        ruleset.full_clean()
        assert ruleset.engine_ruleset().code == ruleset.code
        assert ruleset.source and ruleset.description


def test_a_bad_threshold_is_refused_with_a_message_naming_the_field(db):
    ruleset = RuleSet.objects.get(code="hcm-2014")
    params = ruleset.params
    params["member"]["votes"]["thresholds"][0]["fraction"] = "3/2"
    ruleset.params = params
    with pytest.raises(ValidationError) as error:
        ruleset.full_clean()
    messages = error.value.message_dict["params"]
    assert any("thresholds[0].fraction" in message for message in messages)


def test_non_object_params_are_refused(db):
    ruleset = RuleSet(code="thu", name="Thử", params=[1, 2])
    with pytest.raises(ValidationError) as error:
        ruleset.full_clean()
    assert "params" in error.value.message_dict


def test_presets_in_code_and_in_database_agree(db):
    for code, params in PRESETS.items():
        assert RuleSet.objects.get(code=code).params == params
