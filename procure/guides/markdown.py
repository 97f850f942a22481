"""Markdown rendered safely: staff write Markdown, readers get HTML with nothing that can run.

Markdown passes raw HTML through, so its output is cleaned by nh3 (an allow-list HTML sanitiser): only
text structure survives — no script, style, event handler, iframe, image or javascript: link."""

import markdown
import nh3

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "a", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def render_markdown(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
