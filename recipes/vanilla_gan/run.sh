#!/usr/bin/env bash
# Train the vanilla GAN. Every 'gan-cookbook train' option passes through, e.g.
#   recipes/vanilla_gan/run.sh --preset reference --out out/vanilla_gan
set -euo pipefail
if command -v gan-cookbook >/dev/null; then
  exec gan-cookbook train vanilla_gan "$@"
fi
# Not installed: run from this checkout.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
exec python3 -m common.cli train vanilla_gan "$@"
