#!/usr/bin/env bash
# Installs the operating-system packages the tests need: Chromium (driven by Playwright through
# executable_path, since `playwright install` cannot download here), fonts with Lao glyphs,
# gettext for the catalogues and poppler for reading PDFs. A missing piece fails loudly.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v msgfmt   >/dev/null || need+=(gettext)
command -v pdftotext >/dev/null || need+=(poppler-utils)
fc-list : family 2>/dev/null | grep -i 'lao' >/dev/null || need+=(fonts-lao fonts-noto-core)
if ((${#need[@]})); then
  echo "installing system packages: ${need[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install ${need[*]}" >&2; exit 1; }
    SUDO=sudo
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
command -v chromium >/dev/null || { echo "error: chromium still missing" >&2; exit 1; }
fc-list : family | grep -i 'lao' >/dev/null || { echo "error: no Lao font installed" >&2; exit 1; }
