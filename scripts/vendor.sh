#!/usr/bin/env bash
# Copy the front-end packages atlaspress ships into the Python package (build output,
# git-ignored). Usage: [PYTHON=.venv/bin/python] scripts/vendor.sh NODE_MODULES_DIR VENDOR_DIR
# PYTHON (with fontTools, from requirements.lock) subsets the self-hosted fonts.
set -euo pipefail
node_modules=$1
vendor=$2
rm -rf "$vendor"
mkdir -p "$vendor/world-atlas" "$vendor/maplibre-gl" "$vendor/topojson-client" "$vendor/pmtiles" "$vendor/osm-borders"
cp "$node_modules"/world-atlas/{countries,land}-{10m,50m,110m}.json "$node_modules/world-atlas/package.json" \
   "$node_modules/world-atlas/LICENSE" "$vendor/world-atlas/"
cp "$node_modules"/maplibre-gl/dist/maplibre-gl.{js,css} "$node_modules/maplibre-gl/LICENSE.txt" \
   "$node_modules/maplibre-gl/package.json" "$vendor/maplibre-gl/"
cp "$node_modules"/topojson-client/dist/topojson-client.min.js "$node_modules/topojson-client/package.json" \
   "$node_modules/topojson-client/LICENSE" "$vendor/topojson-client/"
cp "$node_modules/pmtiles/dist/pmtiles.js" "$node_modules/pmtiles/package.json" "$vendor/pmtiles/"
if [ -f "$node_modules/pmtiles/LICENSE" ]; then cp "$node_modules/pmtiles/LICENSE" "$vendor/pmtiles/"; fi
# OpenStreetMap countries (ODbL; the package states its licence in README.md and has no LICENSE file).
osm="$node_modules/@osm_borders/maritime_10m"
cp "$osm/borders.geo.json" "$osm/package.json" "$osm/README.md" "$vendor/osm-borders/"
if [ -f "$osm/LICENSE" ]; then cp "$osm/LICENSE" "$vendor/osm-borders/"; fi
# OpenStreetMap land and lakes (ODbL; 135 MB and 59 MB of GeoJSON): copied gzipped (41 + 18 MB), since
# atlaspress reads them only once per machine, to decode them into its cache (atlaspress.geo.land).
for pkg in earth-lands-10m earth-lakes-10m; do
  src="$node_modules/@geo-maps/$pkg"
  mkdir -p "$vendor/geo-maps/$pkg"
  cp "$src/package.json" "$src/README.md" "$src/LICENSE" "$vendor/geo-maps/$pkg/"
  gzip -1 -c "$src/map.geo.json" > "$vendor/geo-maps/$pkg/map.geo.json.gz"
done
# Self-hosted text fonts (SIL OFL): Source Serif 4 from @fontsource, subset to the Latin the theme
# sets in it (scripts/subset_fonts.py: a Latin and a Latin Extended file per style).
"${PYTHON:-python3}" "$(dirname "$0")/subset_fonts.py" "$node_modules" "$vendor/fonts"
# Hangul and CJK (SIL OFL): Noto Sans KR, JP, TC and SC from @fontsource, their regular weight in
# the slices fontsource cuts them into (unicode.json names each slice's characters). The build
# subsets them to the characters each page shows (atlaspress.render.fonts), so nothing is cut here.
for lang in kr jp tc sc; do
  src="$node_modules/@fontsource/noto-sans-$lang"
  dst="$vendor/fonts/noto-sans-$lang"
  mkdir -p "$dst"
  cp "$src/package.json" "$src/LICENSE" "$src/unicode.json" "$dst/"
  find "$src/files" -name "noto-sans-$lang-[0-9]*-400-normal.woff2" -exec cp {} "$dst/" \;
done
echo "vendored front-end assets into $vendor"
