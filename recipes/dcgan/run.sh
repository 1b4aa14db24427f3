#!/usr/bin/env bash
# Train DCGAN. Every 'gan-cookbook train' option passes through, e.g.
#   recipes/dcgan/run.sh --preset reference --out out/dcgan
set -euo pipefail
if command -v gan-cookbook >/dev/null; then
  exec gan-cookbook train dcgan "$@"
fi
# Not installed: run from this checkout.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
exec python3 -m common.cli train dcgan "$@"
