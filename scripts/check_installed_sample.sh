#!/usr/bin/env bash
# Issue 14, item 5: the sample images are installed WITH the Python package.
# A plain (non-editable) `pip install .` of a copy of this tree into a fresh venv, then, from a
# folder outside the tree, create_dataset(nnscratch_sample()) and predict_image on an installed image.
# Usage: bash scripts/check_installed_sample.sh [work folder]   (downloads the dependencies once)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${1:-$(mktemp -d /tmp/nnscratch-install.XXXXXX)}"
mkdir -p "$WORK"
# A copy of the tracked files plus the working tree's versions (no .venv, no build/, no caches).
(cd "$ROOT" && git ls-files -co --exclude-standard -z | tar --null -T - -cf -) | (mkdir -p "$WORK/src" && tar -C "$WORK/src" -xf -)
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q "$WORK/src"
rm -rf "$WORK/src"                                  # the installed package must not need the source tree
cd "$WORK"
"$WORK/venv/bin/python" - <<'PY'
import os, nnscratch
from nnscratch import create_dataset, flatten_images
from nnscratch.api import NNClassifier, nnscratch_sample, predict_image
path = nnscratch_sample()
assert "site-packages" in path and not os.path.islink(path), path
X, y = create_dataset(path, warn=False)
print("installed sample:", path, X.shape, int(y.sum()), "cats")
assert X.shape == (357, 32, 32, 3) and int(y.sum()) == 183
clf = NNClassifier(num_iterations=50).fit(flatten_images(X).T, y)
print(predict_image(clf, os.path.join(path, "Cat", "0.jpg")))
print("OK")
PY
