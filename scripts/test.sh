#!/usr/bin/env bash
# Set up with the test tools and run the whole test suite (model, server and browser tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest -q "$@"
