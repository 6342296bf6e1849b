#!/usr/bin/env bash
# The main job: set up, build the index if needed, serve the web chat on http://127.0.0.1:7860
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh web
exec .venv/bin/python app.py "$@"
