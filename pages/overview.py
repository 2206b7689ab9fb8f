"""Page 'overview' (url_path /overview): a placeholder until the lead builds it. Keep page files thin."""

from components.layout import page_header, placeholder

lang = page_header("overview")
placeholder(lang)
