"""The SVG charts are well-formed, escape their text, and scale their bars: no database."""

from datetime import date
from xml.etree import ElementTree

from xeploai.dashboard.charts import Bar, Series, bar_chart, percent, progress_chart

NS = "{http://www.w3.org/2000/svg}"


def test_bar_chart_is_valid_svg_with_escaped_labels_and_proportional_bars():
    svg = bar_chart([Bar("<b>HTXS</b>", 1, "#146c43"), Bar("HTT", 3, "#3d8b5f"), Bar("KHT", 0, "red")], 4, "Mức & số")
    root = ElementTree.fromstring(svg)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "<b>HTXS</b>" in texts and "3 (75%)" in texts and "0 (0%)" in texts
    filled = [r.get("width") for r in root.iter(f"{NS}rect") if r.get("fill") != "#f1f3f5"]
    assert filled == ["11.5%", "34.5%"]  # 46 % of the width is the full bar; KHT 0 draws nothing
    assert root.find(f"{NS}title").text == "Mức & số"


def test_bar_chart_with_nothing_counted_does_not_divide_by_zero():
    ElementTree.fromstring(bar_chart([Bar("HT", 0, "#000")], 0, "Trống"))


def test_progress_chart_draws_a_staircase_per_series_up_to_today():
    series = [Series("Tự kiểm điểm", "#0d6efd", [(date(2014, 11, 6), 5), (date(2014, 11, 8), 10)], 10),
              Series("Trống", "#fd7e14", [], 0)]
    svg = progress_chart(series, date(2014, 11, 5), date(2014, 12, 4), date(2014, 11, 20),
                         [date(2014, 11, 7), date(2014, 11, 28)], "Tiến độ")
    root = ElementTree.fromstring(svg)
    paths = list(root.iter(f"{NS}path"))
    assert len(paths) == 1  # a series with no total is not drawn
    assert paths[0].get("d").count("V") == 2
    assert "hôm nay" in [t.text for t in root.iter(f"{NS}text")]
    assert sum(1 for line in root.iter(f"{NS}line") if line.get("stroke-dasharray")) == 2


def test_percent_rounds_half_up_and_survives_an_empty_total():
    assert (percent(1, 8), percent(1, 3), percent(0, 0)) == (13, 33, 0)
