"""Reading what a register page shows: the texts of elements marked with data-testid."""

from __future__ import annotations

from typing import Any

import lxml.html


def tree(response: Any) -> Any:
    return lxml.html.fromstring(response.content.decode())


def texts(response: Any, testid: str) -> list[str]:
    """The text of every element with `data-testid=testid`, whitespace collapsed."""
    return [
        " ".join(node.text_content().split())
        for node in tree(response).xpath(f'//*[@data-testid="{testid}"]')
    ]


def number(response: Any, testid: str) -> int:
    (value,) = texts(response, testid)
    return int(value)


def count(response: Any, testid: str) -> int:
    return len(texts(response, testid))


def xlsx_rows(content: bytes) -> dict[str, list[list[Any]]]:
    """Each sheet of a workbook as its rows of values."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets
    }
