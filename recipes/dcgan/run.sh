#!/usr/bin/env bash
# Train DCGAN; any gan-cookbook train option passes through, e.g. --preset quick --out out/dcgan
set -euo pipefail
exec gan-cookbook train dcgan "$@"
