#!/usr/bin/env bash
# brief.html in headless chromium: the fixture page of tests/browser.rs (hand-built
# records of tests/corpus/later, no model) must load, resolve every citation and show
# every statement's Korean source; a screenshot goes to $BRIEF_SCREENSHOT (default
# target/browser/later-fixture.png). Each OUT folder given (from `brief run`) has its
# brief.html checked the same way and screenshotted to OUT/brief.png.
#
# Installs Debian's chromium (and fonts-noto-cjk, for the Korean) when chromium is
# missing and this runs as root with apt-get.
# Without a chromium that starts, prints SKIPPED and the reason and exits 0, claiming
# no pass.
set -euo pipefail
cd "$(dirname "$0")/.."
browser=${BRIEF_CHROMIUM:-$(command -v chromium || true)}
if [[ -z $browser && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  echo "browser-test: installing chromium" >&2
  if apt-get update -qq >/dev/null 2>&1 &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1; then
    browser=$(command -v chromium || true)
  fi
fi
# Without a Korean font the page's Korean shows as boxes in the screenshot.
if [[ -n $browser && $(id -u) == 0 ]] && command -v apt-get >/dev/null &&
  ! fc-list :lang=ko 2>/dev/null | grep -q .; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 ||
    echo "browser-test: no Korean font could be installed; the screenshot's Korean is boxes" >&2
fi
if [[ -z $browser ]]; then
  echo "browser-test: SKIPPED: chromium is not installed and could not be installed"
  exit 0
fi
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
if ! timeout 120 "$browser" "${flags[@]}" --user-data-dir="$profile" --dump-dom about:blank >/dev/null 2>&1; then
  echo "browser-test: SKIPPED: $browser does not start headless"
  exit 0
fi
BRIEF_CHROMIUM=$browser BRIEF_SCREENSHOT=${BRIEF_SCREENSHOT:-$PWD/target/browser/later-fixture.png} \
  cargo test --release --locked --test browser -- --nocapture
for out in "$@"; do
  page=$(realpath "$out/brief.html")
  dom=$(timeout 120 "$browser" "${flags[@]}" --user-data-dir="$profile" --dump-dom "file://$page" 2>/dev/null)
  citations=$(grep -o 'data-citations="[0-9]*/[0-9]*"' <<<"$dom" | head -1 | tr -dc '0-9/')
  evidence=$(grep -o 'data-evidence="[0-9]*/[0-9]*"' <<<"$dom" | head -1 | tr -dc '0-9/')
  if [[ -z $citations || ${citations%/*} != "${citations#*/}" || ${evidence%/*} != "${evidence#*/}" ]]; then
    echo "browser-test: $page: citations $citations, evidence $evidence: FAIL" >&2
    exit 1
  fi
  timeout 120 "$browser" "${flags[@]}" --user-data-dir="$profile" --hide-scrollbars \
    --screenshot="$(realpath "$out")/brief.png" --window-size=1400,1000 "file://$page" 2>/dev/null
  echo "browser-test: $page: citations $citations, evidence $evidence resolved; screenshot $out/brief.png"
done
echo "browser-test: PASS"
