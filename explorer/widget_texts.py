"""Streamlit's own interface texts in Russian (pure: no Streamlit).

Streamlit 1.67 has no way to translate its own texts ("Skip to main content", "Drag and drop file
here", "Help for …", "Show/hide columns", the date picker's and Plotly's tooltips …): they are English
in its frontend. ``script()`` returns a small script, drawn on every page (components/layout.py), that
replaces each such text, where it stands as a whole (a text node or an aria-label, title, placeholder,
alt or Plotly data-title attribute), by its Russian in ``locales/streamlit.yaml`` while the page's
``lang`` is ``ru``, and puts the English back when the reader switches to English.

The script is built from our own catalogue only (no data, no URL text); the pairs are JSON inside it.
"""

from __future__ import annotations

import functools
import json
import re

from explorer.i18n import CATALOG

PREFIX = "stui."
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-title", "aria-placeholder", "aria-valuetext")
_FIELD = re.compile(r"\{(\w+)\}")


def pairs() -> list[tuple[str, str]]:
    """(Streamlit's English, our Russian) for every ``stui.*`` entry of the catalogue."""
    return [(CATALOG["en"][key], CATALOG["ru"][key]) for key in CATALOG["en"] if key.startswith(PREFIX)
            and CATALOG["ru"].get(key)]


def pattern(english: str) -> tuple[str, list[str]]:
    """A JavaScript regular expression for a text with {fields}, and the fields in order."""
    fields = _FIELD.findall(english)
    parts = _FIELD.split(english)
    regex = "".join(re.escape(p) if n % 2 == 0 else "(.+?)" for n, p in enumerate(parts))
    return "^" + regex.replace("\\ ", " ") + "$", fields


def _numbered(numbered: dict[str, str], match: re.Match[str]) -> str:
    return numbered[match.group(1)]


def table() -> dict[str, object]:
    """The script's data: exact texts, patterns (regex, Russian with $1…), month names."""
    exact: dict[str, str] = {}
    patterns: list[list[str]] = []
    months: dict[str, str] = {}
    for english, russian in pairs():
        if english in {CATALOG["en"][f"{PREFIX}month.{m}"] for m in range(1, 13)}:
            months[english] = russian
        elif _FIELD.search(english):
            regex, fields = pattern(english)
            numbered = {name: f"${n + 1}" for n, name in enumerate(fields)}
            patterns.append([regex, _FIELD.sub(functools.partial(_numbered, numbered), russian)])
        else:
            exact[english] = russian
    return {"exact": exact, "patterns": patterns, "months": months, "attributes": list(ATTRIBUTES)}


_SCRIPT = """<script>
(() => {
  if (window.__coverageWidgetTexts) return;
  window.__coverageWidgetTexts = true;
  const data = %s;
  const exact = new Map(Object.entries(data.exact));
  const patterns = data.patterns.map(([re, out]) => [new RegExp(re), out]);
  const monthRe = new RegExp('\\\\b(' + Object.keys(data.months).join('|') + ')\\\\b', 'g');
  const original = new WeakMap();  // node -> {text, attributes}: what Streamlit wrote, in English
  const russian = () => new URLSearchParams(window.location.search).get('lang') === 'ru';
  // Whether anything was ever put in Russian in this tab: until then an English page has nothing to
  // put back, and the observer does nothing (a chart adds hundreds of nodes; walking each cost time).
  let touched = false;
  const translate = (value) => {
    const key = value.trim();
    if (!key) return null;
    if (exact.has(key)) return value.replace(key, exact.get(key));
    for (const [re, out] of patterns) {
      const m = key.match(re);
      if (m) {
        const done = out.replace(/\\$(\\d)/g, (_, i) => m[Number(i)].replace(monthRe, w => data.months[w]));
        return value.replace(key, done);
      }
    }
    return null;
  };
  const record = (node) => {
    if (!original.has(node)) original.set(node, {attributes: {}});
    return original.get(node);
  };
  const text = (node, ru) => {
    const was = original.get(node);
    if (!ru) {
      if (was && was.text !== undefined && node.nodeValue === was.russian) node.nodeValue = was.text;
      return;
    }
    const value = translate(node.nodeValue);
    if (value !== null && value !== node.nodeValue) {
      const r = record(node); r.text = node.nodeValue; r.russian = value; node.nodeValue = value; touched = true;
    }
  };
  const attributes = (el, ru) => {
    for (const name of data.attributes) {
      const value = el.getAttribute(name);
      if (!value) continue;
      const was = original.get(el);
      if (!ru) {
        const pair = was && was.attributes[name];
        if (pair && value === pair[1]) el.setAttribute(name, pair[0]);
        continue;
      }
      const done = translate(value);
      if (done !== null && done !== value) {
        record(el).attributes[name] = [value, done]; el.setAttribute(name, done); touched = true;
      }
    }
  };
  const walk = (root, ru) => {
    if (root.nodeType === Node.TEXT_NODE) { text(root, ru); return; }
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    if (root.closest && root.closest('script, style')) return;
    attributes(root, ru);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) text(node, ru); else attributes(node, ru);
    }
  };
  walk(document.body, russian());
  new MutationObserver((changes) => {
    const ru = russian();  // once per batch of changes, not per node
    if (!ru && !touched) return;  // English, and nothing of ours to put back
    for (const change of changes) {
      if (change.type === 'characterData') text(change.target, ru);
      else if (change.type === 'attributes') attributes(change.target, ru);
      else change.addedNodes.forEach(node => walk(node, ru));
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: data.attributes});
  // The language changes without a page load (a rerun): the URL changes, so look again.
  let last = window.location.search;
  setInterval(() => {
    if (window.location.search !== last) { last = window.location.search; walk(document.body, russian()); }
  }, 300);
})();
</script>"""


def script() -> str:
    """The script (a constant of our catalogue: no data, no URL text ever goes into it)."""
    data = json.dumps(table(), ensure_ascii=False).replace("</", "<\\/")
    return _SCRIPT % data
