"""The chart as drawn: every name under the bars is inside the picture."""

from __future__ import annotations

from bot.charts import ChartSpec, draw

WEEKS = [f"{day}. 9." for day in range(1, 14)]
NAMES = ["Jana Nováková", "Иван Петров", "Maximilian Wolfgang Oberhäuser-Schmidt", "Petr Král"]


def test_a_big_teams_names_stand_whole_under_their_bars() -> None:
    members = {f"{name} {n}": [n % 7] * len(WEEKS) for n, name in enumerate(NAMES * 10)}
    spec = ChartSpec(title="Team", labels=WEEKS, series={}, groups=members, empty="")
    figure = draw(spec)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    [axes] = figure.axes
    names = list(axes.texts)
    assert len(names) == len(members)
    for text in names:
        box = text.get_window_extent(renderer)
        assert box.y0 >= 0 and box.x0 >= 0 and box.x1 <= figure.bbox.width, text.get_text()
    # A name too long to stand is cut, and says so.
    assert any(text.get_text().endswith("…") for text in names)
