"""Subset the self-hosted fonts to the scripts the theme sets in them (run by vendor.sh).

Reads the woff2 files of the npm package @fontsource/source-serif-4 (one file per script
and style) and writes, per style, a Latin file and a Latin Extended file pruned of the
glyphs and OpenType features the theme never asks for (small capitals, old-style and
tabular figures, stylistic sets, hinting), so a page downloads only the Latin file (and
the extension only if it shows ŏ, ŋ, ş …). Greek and Cyrillic stay in the reader's system
fonts (the theme shows them only in local names); Hangul, kana and Han come from Noto Sans,
subset per page at build time (atlaspress.render.fonts). Output is deterministic
(no timestamps). Usage: python scripts/subset_fonts.py NODE_MODULES_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

PACKAGE = "@fontsource/source-serif-4"
FAMILY = "source-serif-4"
# The Latin set: ASCII, Latin-1, the punctuation, primes, arrows and signs the site writes.
LATIN = ("U+0020-007E,U+00A0-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+2002-2003,"
         "U+2009-200A,U+2010-2014,U+2018-201A,U+201C-201E,U+2020-2022,U+2026,U+2030,U+2032-2033,"
         "U+2039-203A,U+2044,U+20AC,U+2122,U+2190-2193,U+2212,U+2248,U+2260,U+2264-2265")
LATIN_EXT = "U+0100-017F,U+0180-024F,U+0259,U+1E00-1EFF"
FEATURES = ["kern", "liga"]  # kerning and fi/fl ligatures; no small caps, figures sets, marks
STYLES = {"regular": "400-normal", "italic": "400-italic"}


def ranges(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        first, _, last = part.removeprefix("U+").partition("-")
        out.extend(range(int(first, 16), int(last or first, 16) + 1))
    return out


def prune(source: Path, target: Path, unicodes: list[int]) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = FEATURES
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names, version: the licence asks to keep them
    options.notdef_outline = True
    options.drop_tables += ["BASE", "STAT"]  # baselines for other scripts, variable-font naming: unused here
    font = TTFont(source, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target, reorderTables=True)


def main(node_modules: str, out_dir: str) -> int:
    files = Path(node_modules) / PACKAGE / "files"
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for style, suffix in STYLES.items():
        prune(files / f"{FAMILY}-latin-{suffix}.woff2", out / f"{FAMILY}-{style}-latin.woff2", ranges(LATIN))
        prune(files / f"{FAMILY}-latin-ext-{suffix}.woff2", out / f"{FAMILY}-{style}-latin-ext.woff2",
              ranges(LATIN_EXT))
    licence = Path(node_modules) / PACKAGE / "LICENSE"
    (out / "LICENSE").write_bytes(licence.read_bytes())
    (out / "package.json").write_bytes((Path(node_modules) / PACKAGE / "package.json").read_bytes())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
