"""How a survey's questions are laid out on its pages (the builder, the answer page, the
認知度アンケート): consecutive questions of one section under one heading, numbered 問1, 問2, …"""

from __future__ import annotations

import json


def grouped(questions) -> list[tuple[str, list]]:
    """(section, [(number, question, choices), …]) for consecutive questions with the same section."""
    groups: list[tuple[str, list]] = []
    for number, question in enumerate(questions, start=1):
        item = (number, question, json.loads(question.choices or "[]"))
        if groups and groups[-1][0] == question.section:
            groups[-1][1].append(item)
        else:
            groups.append((question.section, [item]))
    return groups
