#!/usr/bin/env bash
# bench/bench_gpu.py on an accelerator machine that has JAX and PyTorch but neither TensorFlow nor Keras.
#
# Before (on a machine with pip and an index), Keras and the two packages it needs that such machines lack,
# as wheels for their Python (3.12 here) in .whl/ (git ignores it):
#   python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
#       --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64 -d .whl keras==3.15.1 namex optree
# Then, there, from the repository's root (results in $OUT, or in bench_gpu.json here without it):
#   bash bench/device.sh [bench_gpu.py's options]
set -euo pipefail
cd "$(dirname "$0")/.."
site=$(mktemp -d)
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$site/packages" .whl/*.whl
ln -s "$PWD" "$site/gan_cookbook"  # the repository is the package (setup.cfg: gan_cookbook = .)
export PYTHONPATH="$site/packages:$site" KERAS_BACKEND=jax PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
python3 -c "import jax, keras, torch; print('jax', jax.__version__, jax.devices(), '| keras', keras.__version__, '| torch', torch.__version__)"
python3 bench/bench_gpu.py --out "${OUT:-.}/bench_gpu.json" "$@" 2>&1 | tee "${OUT:-.}/bench_gpu.log"
