#!/usr/bin/env bash
# Regenerates every icon file from the SVG sources in this folder:
#   icons/app-icon-{16,32,64,128,256,512,1024}.png
#   src/main/resources/dev/tightrope/ui/icons/app-icon-{16,32,64,128,256}.png  (Stage.getIcons())
#   packaging/linux/Tightrope.png (512), packaging/windows/Tightrope.ico (16-256),
#   packaging/macos/Tightrope.icns (16-1024)
# Needs rsvg-convert (Debian librsvg2-bin), convert (imagemagick) and png2icns (icnsutils).
# The outputs are committed; run this only after changing an SVG.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || { echo "render.sh: $tool not found (apt-get install librsvg2-bin imagemagick icnsutils)" >&2; exit 1; }
done

source_for() {
  case "$1" in
    16) echo icons/app-icon-16.svg ;;
    32) echo icons/app-icon-32.svg ;;
    *) echo icons/app-icon.svg ;;
  esac
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for size in 16 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$size" --height "$size" "$(source_for "$size")" --output "$work/$size.png"
done

for size in 16 32 64 128 256 512 1024; do
  cp "$work/$size.png" "icons/app-icon-$size.png"
done

resources=src/main/resources/dev/tightrope/ui/icons
mkdir -p "$resources" packaging/linux packaging/windows packaging/macos
for size in 16 32 64 128 256; do
  cp "$work/$size.png" "$resources/app-icon-$size.png"
done

cp "$work/512.png" packaging/linux/Tightrope.png
# PNG-compressed entries keep the 256 px frame small; Windows Vista and later read them.
convert "$work/16.png" "$work/32.png" "$work/48.png" "$work/64.png" "$work/128.png" "$work/256.png" \
  -define icon:format=png packaging/windows/Tightrope.ico
# png2icns picks the icns slot from each PNG's size; 64 px has no slot of its own.
png2icns packaging/macos/Tightrope.icns \
  "$work/16.png" "$work/32.png" "$work/48.png" "$work/128.png" "$work/256.png" "$work/512.png" "$work/1024.png" >/dev/null
