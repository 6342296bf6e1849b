#!/usr/bin/env bash
# Debian's Chromium for the browser tests; never a browser a tool downloads itself.
set -euo pipefail
# A CJK font too: without one the screenshots show boxes instead of characters.
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy"; then exit 0; fi
if [ -x /usr/bin/chromium ] && [ "$(id -u)" != "0" ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "chromium is missing and this user cannot apt-get it: browser tests will be skipped" >&2
  exit 0
fi
echo "installing Debian chromium for the browser tests ..." >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
