"""Accessibility and phone width on every page (issue 28 §3-4): as every demo persona (and as nobody), gather the
pages the site links to, open each in Chromium at 1280 and at 390 px, run axe-core (node_modules/axe-core, from
npm; injected by Playwright into a context that bypasses the CSP) for WCAG 2.1 A/AA, and at 390 px check that the
page is no wider than the screen.

Pages of one shape (/buying/contracts/12/ and /buying/contracts/13/) are checked once per persona; a page every
visitor sees alike (reached by the anonymous visitor) once, as the anonymous visitor."""

import os
import pathlib
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client

from procure.accounts.models import User
from tests.site.test_crawl import demo as demo  # noqa: PLC0414

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = [None, "district", "center", "buyer", "buyer_fmc", "enterprise", "reviewer"]
if os.environ.get("AXE_PERSONAS"):  # e.g. AXE_PERSONAS=anonymous,buyer to look at a few while fixing
    PERSONAS = [None if p == "anonymous" else p for p in os.environ["AXE_PERSONAS"].split(",")]
WIDTHS = [(1280, 900), (390, 844)]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SKIP = ("/admin/", "/accounts/logout/", "/static/", "/media/", "/healthz")
LINK = re.compile(r'href="([^"#][^"]*)"')
MAX_PAGES = 400
AXE = pathlib.Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
LOG = os.environ.get("AXE_LOG", "")


def shape(path: str) -> str:
    """/buying/contracts/12/ → /buying/contracts/#/ (one page of each shape is enough)."""
    return re.sub(r"/\d+(?=/|$|\.)", "/#", path)


def pages_of(client: Client) -> list[str]:
    """The HTML pages reachable from /, one address per shape, in the order they were found."""
    queue, seen, found = deque(["/"]), {"/"}, []
    shapes = set()
    while queue and len(found) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        found.append(url)
        for href in LINK.findall(response.content.decode("utf-8", "replace")):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP):
                continue
            key = shape(parts.path) + ("?" if parts.query else "")
            if href in seen or key in shapes:
                continue
            seen.add(href)
            shapes.add(key)
            queue.append(href)
    return found


def audit(page, url: str, width: int) -> list[str]:
    page.goto(url, wait_until="load")
    problems = []
    if width < 600:
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems.append(f"{width}px {urlsplit(url).path}: page is {wide}px wide")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => [v.id, v.nodes.length, v.nodes.slice(0, 2).map(n => n.target.join(' '))]))",
        WCAG,
    )
    path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
    problems += [f"{width}px {path}: {rule} ×{count} {targets}" for rule, count, targets in violations]
    return problems


def test_every_page_passes_axe_and_fits_a_phone(demo, browser, live_server):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (package.json devDependencies)")
    problems, checked, public = [], 0, set()
    for persona in PERSONAS:
        client = Client()
        if persona:
            client.force_login(User.objects.get(username=persona))
        urls = pages_of(client)
        shapes = [shape(urlsplit(u).path) + urlsplit(u).query for u in urls]
        if persona is None:
            public = set(shapes)
        urls = [u for u, s in zip(urls, shapes, strict=True) if persona is None or s not in public]
        for width, height in WIDTHS:
            context = browser.new_context(
                locale="ko-KR", timezone_id="Asia/Seoul", viewport={"width": width, "height": height}, bypass_csp=True
            )
            if persona:
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                            "url": live_server.url,
                        }
                    ]
                )
            page = context.new_page()
            for url in urls:
                found = [f"{persona or 'anonymous'} {p}" for p in audit(page, live_server.url + url, width)]
                problems += found
                checked += 1
                if LOG:  # AXE_LOG=path: follow a long run as it goes
                    with open(LOG, "a", encoding="utf-8") as log:
                        log.write(
                            f"{persona or 'anonymous'} {width} {url} {len(found)}\n" + "".join(p + "\n" for p in found)
                        )
            context.close()
    assert checked > (100 if len(PERSONAS) == 7 else 10), checked
    assert problems == [], f"{len(problems)} problems on {checked} page loads:\n" + "\n".join(problems)
