"""The sentences of the reasons say what the numbers say (issue 14): every quota reason of random cells is parsed
back and its numbers compared with the result's quota figures, and no reason cites an internal file."""

from __future__ import annotations

import copy
import re
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.internal_refs import internal_references
from tests.rules.test_properties import SETTINGS, cells
from xeploai.rules import PRESETS, classify_dict
from xeploai.rules.text import format_number, format_percent

KEPT = re.compile(r"^Vượt chỉ tiêu (?P<level>\w+): chỉ giữ được (?P<k>\d+) người, cơ số (?P<base>\d+) "
                  r"(?P<base_level>\w+) \((?P<limit>.*)\); chuyển xuống (?P<to>\w+)$")
MORE = re.compile(r"^Vượt chỉ tiêu (?P<level>\w+): chỉ giữ được (?P<k>\d+) người: giữ (?P<more>\d+) người thì cơ số "
                  r"còn (?P<base>\d+) (?P<base_level>\w+) \((?P<limit>.*), ít hơn (?P<fewer>\d+)\); "
                  r"chuyển xuống (?P<to>\w+)$")
LIMIT = re.compile(r"^(?P<percent>[\d,]+ %) của (?P<base>\d+) = (?P<exact>[\d,]+), làm tròn "
                   r"(?:xuống|\(từ 0,5 trở lên\)) (?P<allowed>\d+)$|^đơn vị nhỏ: được chọn (?P<small>\d+)$")
TIE = re.compile(r"^Bằng nhau ở vị trí cắt chỉ tiêu (?P<level>\w+) \((?P<tied>\d+) người cùng (?P<value>[\d,]+)\), "
                 r"còn (?P<left>\d+) suất: chi bộ hoặc cấp có thẩm quyền quyết định$")


def _limit_agrees(text: str, fraction: Fraction, base: int) -> int:
    """The allowed number of a limit sentence, after checking its percent, base and exact product."""
    match = LIMIT.match(text)
    assert match, text
    if match["small"]:
        return int(match["small"])
    assert match["percent"] == format_percent(fraction) and int(match["base"]) == base, text
    assert match["exact"] == format_number(fraction * base), text
    return int(match["allowed"])


def check_quota_reasons(result: dict) -> int:
    """Assert every quota reason of a result agrees with its figures; the number of quota reasons seen."""
    figures = result["member_quota"]
    seen = 0
    tied = [m for m in result["members"] if any(r["code"] == "quota_tie" for r in m["reasons"])]
    for member in result["members"]:
        for reason in member["reasons"]:
            assert not internal_references(reason["text"]), reason["text"]
            if reason["code"] == "quota_exceeded":
                seen += 1
                fraction = Fraction(figures["fraction"])
                if match := KEPT.match(reason["text"]):
                    assert int(match["k"]) == figures["allowed"] and int(match["base"]) == figures["base"]
                    assert _limit_agrees(match["limit"], fraction, figures["base"]) == figures["allowed"]
                else:
                    match = MORE.match(reason["text"])
                    assert match, reason["text"]
                    k, more, base = int(match["k"]), int(match["more"]), int(match["base"])
                    assert k == figures["allowed"] and more == k + 1 == int(match["fewer"])
                    assert base == figures["base"] - 1
                    assert _limit_agrees(match["limit"], fraction, base) < more
                assert match["level"] == "HTXS" and match["to"] == match["base_level"] == "HTT"
                assert member["level"] == "htt"
            elif reason["code"] == "quota_tie":
                seen += 1
                match = TIE.match(reason["text"])
                assert match, reason["text"]
                assert int(match["tied"]) == len(tied)
                assert int(match["left"]) == figures["allowed"] - figures["kept"] > 0
    return seen


@SETTINGS
@given(cells())
def test_every_quota_reason_of_random_cells_agrees_with_the_figures(case):
    scenario, code = case
    check_quota_reasons(classify_dict(scenario, PRESETS[code]))


def _cell(code: str, ranks: list[int], small_unit: bool = True) -> dict:
    ruleset = copy.deepcopy(PRESETS[code])
    if not small_unit:
        ruleset["member"]["quota"]["small_unit"] = None
    members = [{"id": f"m{i}", "official": True, "admitted_on": "2000-01-01", "score": score}
               for i, score in enumerate(ranks)]
    scenario = {"ruleset": code, "review_date": "2021-11-25", "unit": {"code": "cb", "kind": "chi_bo", "score": 92},
                "members": members}
    return classify_dict(scenario, ruleset)


@pytest.mark.parametrize(("ranks", "small_unit", "phrase"), [
    # 1 candidate, 4 at HTT: keeping 1 leaves a base of 4 and 20 % of 4 = 0,8 → 0 (the sentence used to say
    # "chỉ giữ được 0 người, cơ số 5 HTT (20 % của 5 = 1, làm tròn xuống 1)")
    ([96, 85, 85, 85, 85], False, "chỉ giữ được 0 người: giữ 1 người thì cơ số còn 4 HTT (20 % của 4 = 0,8, "
                                  "làm tròn xuống 0, ít hơn 1)"),
    ([99, 98, 97] + [85] * 7, False, "chỉ giữ được 1 người, cơ số 9 HTT (20 % của 9 = 1,8, làm tròn xuống 1)"),
    ([96, 96, 96] + [85] * 10, False, "(3 người cùng 96), còn 2 suất"),
    ([96, 95, 85, 85], True, "chỉ giữ được 1 người, cơ số 3 HTT (đơn vị nhỏ: được chọn 1)"),
])
def test_worked_quota_sentences(ranks, small_unit, phrase):
    result = _cell("lamdong-2021", ranks, small_unit)
    assert check_quota_reasons(result) > 0
    assert any(phrase in r["text"] for m in result["members"] for r in m["reasons"])


POOL_WORDS = re.compile(r"^tối đa (?P<k>\d+) \((?P<limit>.*)\)$|^tối đa (?P<k2>\d+): cả (?P<all>\d+) đồng chí được "
                        r"đề nghị đều trong chỉ tiêu \((?P<limit2>.*)\)$|^tối đa (?P<k3>\d+): giữ (?P<more>\d+) thì "
                        r"cơ số còn (?P<base>\d+) \((?P<limit3>.*), ít hơn (?P<fewer>\d+)\)$"
                        r"|^chưa có đồng chí nào được đề nghị \((?P<limit4>.*)\)$")


@given(st.integers(0, 60), st.integers(0, 25), st.booleans(), st.sampled_from(["floor", "half_up"]),
       st.sampled_from(["htt", "htt_and_above"]), st.sampled_from(sorted(PRESETS)))
@SETTINGS
def test_the_pool_limit_sentence_agrees_with_the_number_kept(at_htt, candidates, outstanding, rounding, base, code):
    """The committee's pool page and summary print "tối đa k (…)": k is the number the pool may keep, and every
    figure in the brackets is the rounding of the printed share of the printed base (never "tối đa 1" where keeping
    one would leave a base that allows none)."""
    from xeploai.rules.quota import QuotaResult, allowed_words, kept_and_base, quota_fraction
    from xeploai.rules.ruleset import parse_ruleset

    data = copy.deepcopy(PRESETS[code])
    data["member"]["quota"] = {**data["member"]["quota"], "rounding": rounding, "base": base}
    quota = parse_ruleset(data).member.quota
    fraction = quota_fraction(quota, outstanding)
    size = at_htt + candidates + 3
    k, counted = kept_and_base(quota, outstanding, size, candidates, at_htt)
    text = allowed_words(quota, outstanding, size, QuotaResult(quota.level, fraction, counted, k, k), candidates)
    match = POOL_WORDS.match(text)
    assert match, text
    if match["limit4"] is not None:
        assert candidates == 0 and k == 0
        _limit_agrees(match["limit4"], fraction, counted)
    elif match["k"] is not None:
        assert int(match["k"]) == k == _limit_agrees(match["limit"], fraction, counted)
    elif match["k2"] is not None:
        assert int(match["k2"]) == k == int(match["all"]) == candidates
        assert _limit_agrees(match["limit2"], fraction, counted) > k
    else:
        assert int(match["k3"]) == k and int(match["more"]) == k + 1 == int(match["fewer"])
        assert int(match["base"]) == counted - 1
        assert _limit_agrees(match["limit3"], fraction, counted - 1) < k + 1
