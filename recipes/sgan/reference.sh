#!/usr/bin/env bash
# The runs behind recipes/sgan/README.md: three seeds of SGAN and of its supervised baseline, one after another.
#   bash recipes/sgan/reference.sh [OUT]      (default OUT=out/sgan)
set -euo pipefail
out=${1:-out/sgan}
for seed in 0 1 2; do
  gan-cookbook train sgan --preset reference --seed "$seed" --out "$out/seed_$seed" --verbose 2
  gan-cookbook train sgan --preset reference --supervised-baseline --seed "$seed" --out "$out/baseline_seed_$seed" --verbose 2
done
python "$(dirname "$0")/summary.py" "$out" --plot "$out/test_accuracy.png"
