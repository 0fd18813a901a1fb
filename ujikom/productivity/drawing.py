"""The fishbone (Ishikawa) diagram of a case as a self-contained SVG, and the rows of a 5-why chain.

The SVG uses presentation attributes only (no style attribute or element, no script), so it can be
shown inline on the case page under the site's CSP and embedded in the PDFs by Typst
(`image(bytes(svg), format: "svg")`). The problem statement is the head on the right; each category
with causes is a bone above or below the spine; causes are labelled twigs on their bone with their
sub-causes nested under them; root causes are bold with a red marker (explained in the legend).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from .models import Cause, GuidanceCase
from .selectors_analysis import CauseNode, cause_tree, causes_of

FONT = "Noto Sans, sans-serif"
CHAR_WIDTH = 6.4  # average advance of a 11 px glyph
LINE = 14
ROW_GAP = 10
INDENT = 16
MARKER_SPACE = 12
COLUMN = 330
SLANT = 70
MARGIN = 20
HEAD_WIDTH = 210
LABEL_HEIGHT = 26
INK = "#212529"
BONE = "#495057"
MUTED = "#adb5bd"
ROOT = "#dc3545"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    """Text safe inside an XML element (control characters that XML forbids are dropped)."""
    return escape(CONTROL.sub("", value))


def _wrap(value: str, width: int) -> list[str]:
    return textwrap.wrap(CONTROL.sub("", value), width=max(width, 8), break_long_words=True) or [""]


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass
class _Row:
    node: CauseNode
    lines: list[str]
    x: float  # left of the text

    @property
    def height(self) -> float:
        return len(self.lines) * LINE + ROW_GAP


def _rows(nodes: list[CauseNode], left: float) -> list[_Row]:
    rows: list[_Row] = []

    def walk(node: CauseNode) -> None:
        indent = (node.depth - 1) * INDENT
        available = COLUMN - SLANT - 30 - indent - MARKER_SPACE
        rows.append(
            _Row(node=node, lines=_wrap(node.cause.text, int(available / CHAR_WIDTH)), x=left + indent)
        )
        for child in node.children:
            walk(child)

    for node in nodes:
        walk(node)
    return rows


def _svg_text(x: float, y: float, lines: list[str], **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(y + index * LINE)}">{_text(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text font-size="11"{extra}>{spans}</text>'


def fishbone_svg(case: GuidanceCase, *, causes: list[Cause] | None = None) -> str:
    """The case's fishbone as SVG markup (`causes`: the case's causes, when already loaded)."""
    tree = cause_tree(causes if causes is not None else causes_of(case))
    used = [category for category in Cause.Category.values if tree.get(category)]
    empty = not used
    categories = list(Cause.Category.values) if empty else used
    labels = dict(Cause.Category.choices)
    columns = max(1, (len(categories) + 1) // 2)
    spine_left = MARGIN
    spine_right = spine_left + columns * COLUMN
    width = spine_right + HEAD_WIDTH + MARGIN

    # Each bone: its category, column, side and the rows of its causes.
    bones = []
    for index, category in enumerate(categories):
        column, above = index // 2, index % 2 == 0
        left = spine_left + column * COLUMN + 10
        rows = _rows(tree.get(category, []), left + MARKER_SPACE)
        bones.append((category, column, above, rows))
    top = max([sum(row.height for row in rows) for _c, _k, above, rows in bones if above] or [0])
    bottom = max([sum(row.height for row in rows) for _c, _k, above, rows in bones if not above] or [0])
    top, bottom = max(top, 60), max(bottom, 60)

    problem = case.problem_statement.strip() or _("Masalah utama belum dirumuskan")
    head_lines = _wrap(problem, int((HEAD_WIDTH - 24) / (CHAR_WIDTH + 0.6)))
    head_height = len(head_lines) * (LINE + 1) + 20
    legend_height = 30
    spine_y = MARGIN + LABEL_HEIGHT + top + 10
    spine_y = max(spine_y, MARGIN + head_height / 2)
    height = spine_y + 10 + bottom + LABEL_HEIGHT + legend_height + MARGIN

    title = _("Diagram tulang ikan: %(problem)s") % {"problem": problem}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{FONT}" role="img">',
        f"<title>{_text(title)}</title>",
        f'<rect x="0" y="0" width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
    ]
    # The spine and the head.
    head_x = spine_right + 10
    parts.append(
        f'<line x1="{_n(spine_left)}" y1="{_n(spine_y)}" x2="{_n(head_x)}" y2="{_n(spine_y)}" '
        f'stroke="{BONE}" stroke-width="3"/>'
    )
    head_top = spine_y - head_height / 2
    parts.append(
        f'<rect x="{_n(head_x)}" y="{_n(head_top)}" width="{_n(HEAD_WIDTH - 10)}" height="{_n(head_height)}" '
        f'rx="6" fill="#fff3cd" stroke="{BONE}" stroke-width="2"/>'
    )
    parts.append(
        _svg_text(
            head_x + 10,
            head_top + 10 + LINE - 3,
            head_lines,
            fill=INK if case.problem_statement.strip() else "#6c757d",
            font_weight="bold",
        )
    )

    for category, column, above, rows in bones:
        colour = MUTED if empty else BONE
        attach = spine_left + (column + 1) * COLUMN - 10
        far_x = attach - SLANT
        sign = -1 if above else 1
        length = (top if above else bottom) + 10
        far_y = spine_y + sign * length
        parts.append(
            f'<line x1="{_n(attach)}" y1="{_n(spine_y)}" x2="{_n(far_x)}" y2="{_n(far_y)}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        label_y = far_y - 8 if above else far_y + 18
        parts.append(
            f'<text x="{_n(far_x)}" y="{_n(label_y)}" font-size="13" font-weight="bold" text-anchor="middle" '
            f'fill="{MUTED if empty else INK}">{_text(str(labels[category]))}</text>'
        )

        def bone_x(y: float, attach: float = attach, far_y: float = far_y) -> float:
            return attach - SLANT * abs(y - spine_y) / abs(far_y - spine_y)

        # Rows run from the far end toward the spine above it, and from the spine outward below it.
        y = far_y + 6 if above else spine_y + 14
        positions: dict[int, float] = {}
        for row in rows:
            first_baseline = y + LINE - 3
            twig_y = first_baseline + (len(row.lines) - 1) * LINE + 4
            cause = row.node.cause
            parent_y = positions.get(cause.parent_id or 0)
            if parent_y is None:
                parts.append(
                    f'<line x1="{_n(row.x - MARKER_SPACE)}" y1="{_n(twig_y)}" x2="{_n(bone_x(twig_y))}" '
                    f'y2="{_n(twig_y)}" stroke="{BONE}" stroke-width="1"/>'
                )
            else:
                joint = row.x - MARKER_SPACE - 4
                longest = max(len(line) for line in row.lines) * CHAR_WIDTH
                parts.append(
                    f'<polyline points="{_n(joint)},{_n(parent_y)} {_n(joint)},{_n(twig_y)} '
                    f'{_n(row.x + longest)},{_n(twig_y)}" fill="none" stroke="{BONE}" stroke-width="1"/>'
                )
            positions[cause.pk] = twig_y
            if cause.is_root:
                parts.append(
                    f'<circle cx="{_n(row.x - 6)}" cy="{_n(first_baseline - 4)}" r="4" fill="{ROOT}"/>'
                )
                parts.append(_svg_text(row.x, first_baseline, row.lines, fill=INK, font_weight="bold"))
            else:
                parts.append(_svg_text(row.x, first_baseline, row.lines, fill=INK))
            y += row.height

    legend_y = height - MARGIN - 10
    parts.append(f'<circle cx="{_n(MARGIN + 5)}" cy="{_n(legend_y - 4)}" r="4" fill="{ROOT}"/>')
    legend = _("Akar masalah (ditebalkan)")
    if empty:
        legend += " · " + _("Belum ada sebab yang dicatat.")
    parts.append(
        f'<text x="{_n(MARGIN + 14)}" y="{_n(legend_y)}" font-size="11" fill="{INK}">{_text(legend)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
