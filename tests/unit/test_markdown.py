from atlaspress.content.markdown import render_inline, render_markdown


def test_hostile_html_is_sanitized():
    html = render_markdown(
        '<script>alert(1)</script><iframe src="https://evil.example"></iframe>'
        '<a href="javascript:alert(1)" onclick="steal()">x</a><img src=x onerror="boom()">'
    ).html
    for bad in ("<script", "<iframe", "javascript:", "onclick", "onerror"):
        assert bad not in html


def test_tables_footnotes_and_heading_anchors():
    html = render_markdown("## Two Koreas\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^n].\n\n[^n]: Note.\n").html
    assert '<h2 id="two-koreas">' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert 'class="footnotes"' in html


def test_internal_links_resolve_or_are_reported():
    rendered = render_markdown("See [H](hans-island#facts) and [Q](nowhere).\n\n[Ext](https://bbc.com)",
                               lambda slug: "../hans-island/" if slug == "hans-island" else None)
    assert 'href="../hans-island/#facts"' in rendered.html
    assert rendered.unresolved == [("nowhere", 0, 36)]  # (href, line in the text, column of the href)
    assert 'href="https://bbc.com"' in rendered.html


def test_inline_has_no_paragraph():
    assert render_inline("South *Korea*") == "South <em>Korea</em>"
