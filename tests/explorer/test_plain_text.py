"""Data text in Markdown-reading places stays literal."""

import pandas as pd

from explorer.plain_text import escape_markdown, escaped_frame


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
