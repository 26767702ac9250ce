"""Geometry of the small server-rendered SVG bar charts (no JavaScript, no external library)."""

from dataclasses import dataclass

LABEL_WIDTH = 230
BAR_AREA = 360
VALUE_WIDTH = 60
ROW_HEIGHT = 26
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value_label: str
    y: int
    width: int
    text_y: int


def bar_chart(rows: list[tuple[str, int | None, str]]) -> dict:
    """Return the bars of a horizontal chart for ``rows`` of (label, value or ``None`` if hidden, shown value)."""
    largest = max((value for _label, value, _shown in rows if value), default=0)
    bars = [
        Bar(
            label=label,
            value_label=shown,
            y=index * ROW_HEIGHT,
            width=round(BAR_AREA * value / largest) if value and largest else 0,
            text_y=index * ROW_HEIGHT + BAR_HEIGHT - 4,
        )
        for index, (label, value, shown) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        "height": max(len(bars), 1) * ROW_HEIGHT,
        "label_width": LABEL_WIDTH,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "value_x": LABEL_WIDTH + BAR_AREA + 6,
    }
