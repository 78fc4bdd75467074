#!/usr/bin/env bash
# Installs what the browser test drives: Debian's chromium and a CJK font. Idempotent; never fails
# the build (without a browser the test skips and says why).
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qiE "wenquanyi|noto (sans|serif) cjk" || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: cannot install ${need[*]} (needs root and apt-get)" >&2
    exit 0
fi
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" \
    || echo "install_browser: installing ${need[*]} failed" >&2
exit 0
