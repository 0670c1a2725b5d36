"""Server-rendered charts (pygal SVG) that the page embeds inline next to a table of the same numbers.

The site's Content-Security-Policy allows neither inline <style> nor inline <script>: pygal's
are removed and the colours written as presentation attributes. Each chart is role=img with a
<title>; its numbers are in the table it is described by (aria-describedby)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.etree import ElementTree

import pygal

_SVG = "{http://www.w3.org/2000/svg}"
# Dark enough for 3:1 against white (WCAG 1.4.11).
BAR_COLOR = "#1f5fa8"
SECOND_COLOR = "#b3401b"
COLORS = (BAR_COLOR, SECOND_COLOR, "#2d7a3a", "#6b3fa0")


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _series_index(element) -> int | None:
    return next((int(c[6:]) for c in _classes(element) if c.startswith("color-") and c[6:].isdigit()), None)


def clean_svg(svg: str, *, chart_id: str, title: str, described_by: str = "") -> str:
    """pygal's SVG made CSP-safe and accessible (see the module docstring)."""
    ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag
            if tag in (f"{_SVG}style", f"{_SVG}script", f"{_SVG}desc", f"{_SVG}title") or "tooltip" in _classes(child):
                parent.remove(child)
    for parent in root.iter():
        in_y_axis = "axis" in _classes(parent) and "y" in _classes(parent)
        for element in parent.iter():
            tag, classes = element.tag.removeprefix(_SVG), _classes(element)
            if tag == "rect" and "background" in classes:
                element.set("fill", "#ffffff")
            elif tag == "path" and ("guide" in classes or "axis" in classes or "line" in classes):
                element.set("fill", "none")
                element.set("stroke", "#8a8a8a" if "major" in classes else "#d0d0d0")
            elif tag == "text":
                element.set("fill", "#333333")
                element.set("font-size", "12")
                if in_y_axis:
                    element.set("text-anchor", "end")
    for group in root.iter(f"{_SVG}g"):
        index = _series_index(group)
        if index is None:
            continue
        color = COLORS[index % len(COLORS)]
        for element in group.iter():
            tag, classes = element.tag.removeprefix(_SVG), _classes(element)
            if tag == "rect":
                element.set("fill", color)
            elif tag == "path" and "line" in classes:
                element.set("fill", "none")
                element.set("stroke", color)
                element.set("stroke-width", "2")
            elif tag == "circle":
                element.set("fill", color)
    for rect in root.iter(f"{_SVG}rect"):  # legend boxes carry the series colour class themselves
        index = _series_index(rect)
        if index is not None:
            rect.set("fill", COLORS[index % len(COLORS)])
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title")
    if described_by:
        root.set("aria-describedby", described_by)
    root.set("font-family", "sans-serif")
    root.set("class", "seminar-chart")
    root.set("focusable", "false")
    root.attrib.pop("id", None)
    heading = ElementTree.Element(f"{_SVG}title", {"id": f"{chart_id}-title"})
    heading.text = title
    root.insert(0, heading)
    return re.sub(r"<!--.*?-->", "", ElementTree.tostring(root, encoding="unicode"), flags=re.S)


def _longest(labels: Sequence[str]) -> int:
    return max((len(label) for label in labels), default=1)


def bar_chart_svg(
    labels: Sequence[str], counts: Sequence[int], *, chart_id: str, title: str, described_by: str = ""
) -> str:
    """A horizontal bar chart of one count per label (Japanese labels are wide: the left margin
    is made from the longest label, pygal measures them as narrow Latin letters)."""
    chart = pygal.HorizontalBar(
        js=[],
        css=[],
        disable_xml_declaration=True,
        width=720,
        height=max(160, 44 * len(labels) + 60),
        show_legend=False,
        margin_left=min(300, 14 * _longest(labels) + 16),
        truncate_label=-1,
        print_values=False,
        include_x_axis=True,
        min_scale=1,
        max_scale=6,
        no_data_text="データなし",
    )
    # pygal draws the first label at the bottom: reversed, the chart reads in the table's order.
    chart.x_labels = list(reversed(labels))
    chart.add("人数", list(reversed([int(c) for c in counts])))
    return clean_svg(chart.render(is_unicode=True), chart_id=chart_id, title=title, described_by=described_by)


def line_chart_svg(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    chart_id: str,
    title: str,
    described_by: str = "",
) -> str:
    """A line chart (registrations per day and their running total)."""
    chart = pygal.Line(
        js=[],
        css=[],
        disable_xml_declaration=True,
        width=720,
        height=300,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        show_dots=len(labels) <= 62,
        dots_size=2,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(labels) // 10),
        truncate_legend=-1,
        truncate_label=-1,
        include_x_axis=True,
        min_scale=1,
        max_scale=6,
        no_data_text="データなし",
    )
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, [int(v) for v in values])
    return clean_svg(chart.render(is_unicode=True), chart_id=chart_id, title=title, described_by=described_by)
