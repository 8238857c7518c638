#!/usr/bin/env bash
# Vendor the front-end assets the web app ships with (no download at run time).
# Re-run to refresh; the files under src/tumen/web/static/vendor/ are committed.
#   world-atlas     2.0.2   ISC       Natural Earth countries as TopoJSON (1:110m)
#   topojson-client 3.1.0   ISC       TopoJSON -> GeoJSON in the browser
#   d3-geo          3.1.1   ISC       projections and SVG paths for the map
#   d3-array        3.2.4   ISC       required by d3-geo
#   internmap       2.0.3   ISC       required by d3-array
#   swagger-ui-dist 5.35.0  Apache-2.0  the API documentation at /docs (bundle and styles)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/src/tumen/web/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fetch() {  # name version
    (cd "$work" && npm pack --silent "$1@$2" >/dev/null && mkdir -p "$1" \
        && tar -xzf "$1-$2.tgz" -C "$1" --strip-components=1)
}
fetch world-atlas 2.0.2
fetch topojson-client 3.1.0
fetch d3-geo 3.1.1
fetch d3-array 3.2.4
fetch internmap 2.0.3
fetch swagger-ui-dist 5.35.0
mkdir -p "$dest/world-atlas" "$dest/topojson-client" "$dest/d3-geo" "$dest/d3-array" \
    "$dest/internmap" "$dest/swagger-ui"
cp "$work/world-atlas/countries-110m.json" "$work/world-atlas/LICENSE" "$dest/world-atlas/"
cp "$work/topojson-client/dist/topojson-client.min.js" "$work/topojson-client/LICENSE" \
    "$dest/topojson-client/"
cp "$work/d3-geo/dist/d3-geo.min.js" "$work/d3-geo/LICENSE" "$dest/d3-geo/"
cp "$work/d3-array/dist/d3-array.min.js" "$work/d3-array/LICENSE" "$dest/d3-array/"
cp "$work/internmap/dist/internmap.min.js" "$work/internmap/LICENSE" "$dest/internmap/"
sw="$work/swagger-ui-dist"
sed '/sourceMappingURL=/d' "$sw/swagger-ui.css" > "$dest/swagger-ui/swagger-ui.css"
cp "$sw/LICENSE" "$sw/NOTICE" "$sw/swagger-ui-bundle.js.LICENSE.txt" \
    "$dest/swagger-ui/"
# the source map is not shipped: drop the comment that would make browsers ask for it
sed '/^\/\/# sourceMappingURL=/d' "$sw/swagger-ui-bundle.js" > "$dest/swagger-ui/swagger-ui-bundle.js"
cat > "$dest/VERSIONS" <<VERSIONS
world-atlas 2.0.2 (countries-110m.json; data: Natural Earth, public domain)
topojson-client 3.1.0
d3-geo 3.1.1
d3-array 3.2.4
internmap 2.0.3
swagger-ui-dist 5.35.0 (swagger-ui-bundle.js, swagger-ui.css)
VERSIONS
echo "vendored into $dest"
