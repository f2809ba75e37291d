#!/usr/bin/env bash
# Set up and serve the graph on http://127.0.0.1:5000 (embedded store). `kg serve` builds
# data/graph.trig from seeds/ first when it is missing or older than an article.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/kg serve --graph data/graph.trig "$@"
