"""A large export imports in bounded memory: both passes clear each item as it ends.

The export is generated (5,000 posts of ~1 KB each, ~6 MB); the traced peak must stay far
below the file's size, which it would exceed if items were kept. A size assertion, not a
timing one.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from atlaspress.app.wordpress.wxr import items, scan

N = 5000
PARAGRAPH = "<p>" + "Words about a border crossing and the people who live near it. " * 15 + "</p>"


def _export(path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                     'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                     'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Big</title>'
                     "<wp:wxr_version>1.2</wp:wxr_version>\n")
        for i in range(1, N + 1):
            handle.write(f"<item><title>Post {i}</title><link>https://big.example/?p={i}</link>"
                         f"<content:encoded><![CDATA[{PARAGRAPH}]]></content:encoded><wp:post_id>{i}</wp:post_id>"
                         f"<wp:post_date>2020-01-01 00:00:00</wp:post_date><wp:post_name>post-{i}</wp:post_name>"
                         "<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                         "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>Nice</wp:comment_content>"
                         "<wp:comment_approved>1</wp:comment_approved></wp:comment></item>\n")
        handle.write("</channel></rss>\n")


def test_reading_a_big_export_keeps_memory_bounded(tmp_path: Path) -> None:
    export = tmp_path / "big.xml"
    _export(export)
    size = export.stat().st_size
    assert size > 5_000_000
    tracemalloc.start()
    try:
        channel = scan(export)
        index, scan_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        count = sum(len(item.content) > 0 for item in items(export))
        _, read_peak = tracemalloc.get_traced_memory()
        read_peak -= index  # the first pass's index is still held
    finally:
        tracemalloc.stop()
    assert channel.items == count == N
    # The first pass keeps a small index per item (id, type, status, slug, link): a few
    # hundred bytes each; the second keeps one item at a time.
    assert scan_peak < size / 2, scan_peak
    assert index < 600 * N, index
    assert read_peak < 500_000, read_peak
