#!/usr/bin/env bash
# Create .venv (Python >= 3.11) and install the project with the given extras.
# Re-runs pip only when pyproject.toml or the extras change. Nothing is assumed installed.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-web}"
py="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setting up .venv ..." >&2
  "$py" -m venv .venv
fi
stamp=".venv/.installed-${extras//,/-}-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "installing policy-assistant[$extras] (first run takes a few minutes) ..." >&2
  log=.venv/pip-install.log
  # torch is pinned (extra "st") to the CPU build this machine's pip can see; any other
  # version pulls gigabytes of CUDA packages.
  if ! .venv/bin/python -m pip install -q -e ".[$extras]" >"$log" 2>&1; then
    grep -v "is ignored: it is neither" "$log" | tail -40 >&2
    echo "pip install failed; full log in $log" >&2
    exit 1
  fi
  touch "$stamp"
fi
