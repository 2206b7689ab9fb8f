"""Page 'sources' (url_path /sources): a placeholder until the lead builds it. Keep page files thin."""

from components.layout import page_header, placeholder

lang = page_header("sources")
placeholder(lang)
