"""Page 'coverage' (url_path /coverage): a placeholder until the lead builds it. Keep page files thin."""

from components.layout import page_header, placeholder

lang = page_header("coverage")
placeholder(lang)
