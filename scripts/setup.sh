#!/usr/bin/env bash
# Install what nnscratch needs, only where it is missing; safe to run again.
#   - Debian packages: R (r-base-core, r-base-dev), its packages (testthat, jpeg, png, optparse),
#     OpenBLAS for R, and knitr, rmarkdown and pandoc (the vignette), all with --no-install-recommends;
#   - a Python virtual environment in .venv with the package (editable) and its test extra.
# Sourced by scripts/train.sh and scripts/test.sh; can also be run on its own.
set -euo pipefail

NN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NN_VENV="$NN_ROOT/.venv"
NN_PY="$NN_VENV/bin/python"
NN_APT_PACKAGES=(r-base-core r-base-dev r-cran-testthat r-cran-jpeg r-cran-png r-cran-optparse libopenblas0-pthread
                 r-cran-knitr r-cran-rmarkdown pandoc)

nn_log() { echo "[setup] $*" >&2; }

nn_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else nn_log "root is needed to run: $*"; return 1
  fi
}

nn_missing_debs() {
  local p missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  echo "${missing[*]:-}"
}

nn_apt_install() {
  local missing
  missing="$(nn_missing_debs "$@")"
  [ -z "$missing" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    nn_log "missing system packages: $missing (this script installs them on Debian/Ubuntu; install them by hand elsewhere)"
    return 1
  fi
  nn_log "installing Debian packages: $missing"
  nn_as_root apt-get update -qq
  # shellcheck disable=SC2086
  nn_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

nn_setup_system() {
  nn_apt_install "${NN_APT_PACKAGES[@]}"
}

nn_setup_python() {
  if ! command -v python3 >/dev/null 2>&1; then
    nn_apt_install python3 python3-venv python3-dev
  fi
  if [ ! -x "$NN_PY" ]; then
    nn_log "creating $NN_VENV"
    if ! python3 -m venv "$NN_VENV" 2>/dev/null; then
      rm -rf "$NN_VENV"
      nn_apt_install python3-venv
      python3 -m venv "$NN_VENV"
    fi
  fi
  local stamp="$NN_VENV/.nnscratch-installed" want
  want="$(cat "$NN_ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || \
     ! "$NN_PY" -c "import nnscratch, numpy, cv2, sklearn, matplotlib, tqdm, pytest, hypothesis, rpy2" >/dev/null 2>&1; then
    nn_log "installing Python packages into $NN_VENV"
    local log="$NN_VENV/pip-install.log"
    if ! { "$NN_PY" -m pip install --disable-pip-version-check --upgrade pip &&
           "$NN_PY" -m pip install --disable-pip-version-check -e "$NN_ROOT[test]"; } >"$log" 2>&1; then
      cat "$log" >&2
      nn_log "pip install failed (log above, also in $log)"
      return 1
    fi
    echo "$want" > "$stamp"
  fi
}

nn_setup() {
  nn_setup_system
  nn_setup_python
}

# Run directly: set everything up.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  nn_setup
  nn_log "ready: $NN_PY, $(Rscript -e 'cat(R.version.string)' 2>/dev/null)"
fi
