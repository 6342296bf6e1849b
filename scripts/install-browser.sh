#!/usr/bin/env bash
# Debian's Chromium for the browser tests; never a browser a tool downloads itself.
set -euo pipefail
# Fonts too: without a CJK font the screenshots show boxes instead of characters, and
# without a colour emoji font, emoji in questions and answers show as boxes.
have_fonts() {
  local fonts  # read once: with pipefail, fc-list | grep -q fails when grep stops reading early
  fonts="$(fc-list 2>/dev/null || true)"
  grep -qi "wenquanyi\|wqy" <<<"$fonts" && grep -qi "emoji" <<<"$fonts"
}
if [ -x /usr/bin/chromium ] && have_fonts; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  if [ -x /usr/bin/chromium ]; then
    echo "fonts-wqy-microhei or fonts-noto-color-emoji is missing and this user cannot apt-get it" >&2
  else
    echo "chromium is missing and this user cannot apt-get it: browser tests will be skipped" >&2
  fi
  exit 0
fi
echo "installing Debian chromium and its fonts for the browser tests ..." >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei \
  fonts-noto-color-emoji >/dev/null
