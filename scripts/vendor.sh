#!/bin/sh
# Copy the browser assets the web pages need from node_modules/ into kg/web/static/vendor/,
# so the pages work offline (no CDN): YASGUI (the query editor), cytoscape (the network
# views) and world-atlas (the map's country outlines, Natural Earth via TopoJSON).
# Run after `npm ci` at the repository root:  npm ci && sh scripts/vendor.sh
# The copy is generated (kg/web/static/vendor/ is gitignored); package-lock.json pins versions.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/kg/web/static/vendor"

# copy PACKAGE DEST FILE...: files of node_modules/PACKAGE into vendor/DEST, with a VERSION note.
copy() {
    package=$1; dest=$vendor/$2; shift 2
    src="$root/node_modules/$package"
    for file in "$@"; do
        if [ ! -f "$src/$file" ]; then
            echo "vendor.sh: $src/$file is missing; run 'npm ci' in $root first" >&2
            exit 1
        fi
    done
    rm -rf "$dest"
    mkdir -p "$dest"
    for file in "$@"; do cp "$src/$file" "$dest/"; done
    version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$src/package.json")
    licence=$(sed -n 's/^  "license": "\(.*\)",$/\1/p' "$src/package.json")
    printf '%s %s (%s), copied from node_modules by scripts/vendor.sh\n' "$package" "$version" "$licence" > "$dest/VERSION"
    echo "vendor.sh: $package $version -> ${dest#"$root"/}"
}

copy @zazuko/yasgui yasgui build/yasgui.min.js build/yasgui.min.css
copy cytoscape cytoscape dist/cytoscape.min.js LICENSE
copy world-atlas world-atlas countries-110m.json LICENSE
