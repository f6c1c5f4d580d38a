"""Our client of ``pagefind --service`` (atlaspress.output.pagefind) against the package's own.

The reference is Pagefind's Python API (``pagefind.index``): the same pages indexed through
it and through ours must give the same files, byte for byte.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from atlaspress.output.pagefind import PagefindError, PagefindService

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head>
<body><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>"""

PAGES = {
    "places/kaesong/index.html": ("Kaesong", "An industrial region north of the demilitarized zone."),
    "places/baarle/index.html": ("Baarle-Hertog", "Belgian enclaves inside the Netherlands, and the reverse."),
    "places/ceuta/index.html": ("Ceuta", "A Spanish city on the African shore of the strait."),
}


def _write(folder: Path) -> None:
    for name, (title, text) in PAGES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=title, text=text), encoding="utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


async def _reference(pages: Path, output: Path) -> None:
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService as Reference

    async with Reference() as service:
        index = await service.create_index(IndexConfig(force_language="en"))
        await index.add_directory(str(pages))
        await index.write_files(str(output))
        await index.delete_index()


def test_the_same_index_as_pagefinds_own_client(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    _write(pages)
    # On a thread of its own: the browser tests leave an event loop running on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _reference(pages, tmp_path / "reference")).result()
    with PagefindService() as service:
        count = service.index_folder(pages, tmp_path / "ours", {"force_language": "en"})
        again = service.index_folder(pages, tmp_path / "again", {"force_language": "en"})  # one process, many indexes
    assert count == again == len(PAGES)
    reference = _files(tmp_path / "reference")
    assert any(name.startswith("index/") for name in reference)
    assert _files(tmp_path / "ours") == reference
    assert _files(tmp_path / "again") == reference


def test_an_error_answer_is_raised_with_pagefinds_message(tmp_path: Path) -> None:
    with PagefindService() as service, pytest.raises(PagefindError, match="Invalid index"):
        service.request({"type": "WriteFiles", "index_id": 999, "output_path": str(tmp_path / "out")})


def test_a_service_that_stops_is_an_error_not_a_hang(tmp_path: Path) -> None:
    service = PagefindService()
    try:
        service._proc.kill()
        service._proc.wait()
        with pytest.raises(PagefindError, match="stopped"):
            service.index_folder(tmp_path, tmp_path / "out", {"force_language": "en"})
    finally:
        service.close()
