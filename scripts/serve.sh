#!/usr/bin/env bash
# Set up, build the graph from seeds/ and serve it on http://127.0.0.1:5000 (embedded store).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg build seeds --out data/graph.trig
exec .venv/bin/kg serve --graph data/graph.trig "$@"
