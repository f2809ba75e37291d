#!/bin/sh
# Copy the browser assets the web pages need from node_modules/ into kg/web/static/vendor/,
# so the query editor works offline (no CDN). Run after `npm ci` at the repository root:
#   npm ci && sh scripts/vendor.sh
# The copy is generated (kg/web/static/vendor/ is gitignored); package-lock.json pins versions.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/node_modules/@zazuko/yasgui"
dest="$root/kg/web/static/vendor/yasgui"

if [ ! -f "$src/build/yasgui.min.js" ]; then
    echo "vendor.sh: $src/build/yasgui.min.js is missing; run 'npm ci' in $root first" >&2
    exit 1
fi

rm -rf "$dest"
mkdir -p "$dest"
cp "$src/build/yasgui.min.js" "$src/build/yasgui.min.css" "$dest/"
version=$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$src/package.json")
printf '@zazuko/yasgui %s (MIT), copied from node_modules by scripts/vendor.sh\n' "$version" > "$dest/VERSION"
echo "vendor.sh: @zazuko/yasgui $version -> ${dest#"$root"/}"
