"""Data text in Markdown-reading places stays literal."""

import pandas as pd

from explorer.plain_text import escape_markdown, escaped_frame, markdown_table


def test_markdown_in_data_is_escaped_and_plain_text_kept():
    assert escape_markdown("![x](http://example.org/a.png) **b** <i>") == \
        r"\!\[x\]\(http\:\/\/example\.org\/a\.png\) \*\*b\*\* \<i\>".replace(r"\/", "/")
    assert escape_markdown("Россия, 2026") == "Россия, 2026"
    assert escape_markdown(7) == 7


def test_a_frame_is_escaped_cell_by_cell_and_in_its_headers():
    frame = pd.DataFrame({"a_b": ["[x](y)", None], "n": [1, 2]})
    out = escaped_frame(frame)
    assert list(out.columns) == [r"a\_b", "n"]
    assert out.iloc[0, 0] == r"\[x\]\(y\)" and pd.isna(out.iloc[1, 0]) and out.iloc[1, 1] == 2
    assert frame.iloc[0, 0] == "[x](y)"  # the original is untouched


def test_a_markdown_table_has_a_header_a_rule_and_a_row_per_record() -> None:

    frame = pd.DataFrame({"State": ["Russia", "Kyrgyzstan"], "Note": ["a | b", None], "Rate": [5.1, float("nan")]})
    lines = markdown_table(escaped_frame(frame)).split("\n")
    assert lines == [
        "| State | Note | Rate |",
        "|---|---|---|",
        "| Russia | a \\| b | 5.1 |",
        "| Kyrgyzstan |  |  |",  # a missing value shows as nothing, never "None" or "nan"
    ]


def test_a_markdown_table_with_row_labels_puts_them_first_in_bold() -> None:

    frame = pd.DataFrame({"Russia": ["x"], "Belarus": ["y"]}, index=["Fund"])
    css = pd.DataFrame({"Russia": ["color: #0072B2; font-weight: bold"], "Belarus": ["background-color: #FFF4CC"]},
                       index=frame.index)
    assert markdown_table(frame, css, index=True).split("\n") == [
        "|  | Russia | Belarus |",
        "|---|---|---|",
        '| **Fund** | **:color[x]{foreground="#0072B2"}** | :color[y]{background="#FFF4CC"} |',
    ]
