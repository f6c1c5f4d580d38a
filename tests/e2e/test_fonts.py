"""Hangul and CJK local names are drawn by the page's own Noto Sans face, not a system font."""

from __future__ import annotations

import pytest

from atlaspress.render import fonts

from .conftest import screenshot_path

pytestmark = pytest.mark.browser

CASES = [  # post, the local name's element, the face (the family the page declares)
    ("kaesong-industrial-zone", '.local-name [lang="ko"]', "Noto Sans KR"),
    ("kinmen-and-lienchiang", '.local-name [lang="zh-Hant"]', "Noto Sans TC"),
    ("kuril-islands", '.local-name [lang="ja"]', "Noto Sans JP"),
]


def _platform_fonts(page: object, selector: str) -> list[dict]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, selector
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


@pytest.mark.skipif(not (fonts.FONTS / "noto-sans-kr").is_dir(), reason="Noto Sans CJK not vendored")
@pytest.mark.parametrize(("slug", "selector", "family"), CASES)
def test_local_names_use_the_pages_own_cjk_face(demo_url, open_page, slug, selector, family):
    rec = open_page(390, 844)
    page = rec.page
    page.goto(f"{demo_url}places/{slug}/")
    page.evaluate("document.fonts.ready.then(() => true)")
    used = _platform_fonts(page, selector)
    text = page.locator(selector).inner_text()
    web = [f for f in used if f["isCustomFont"]]
    # every glyph of the name comes from the embedded face (its file's family is "Noto Sans XX …")
    assert [f["familyName"].startswith(family) for f in web] == [True], used
    assert web[0]["glyphCount"] == len(text), (text, used)
    assert rec.foreign_requests() == []
    page.locator(selector).scroll_into_view_if_needed()
    page.locator(selector).locator("xpath=ancestor::dd[1]").screenshot(path=str(screenshot_path(f"cjk-font-{slug}")))
