#!/usr/bin/env bash
# Train the vanilla GAN; any gan-cookbook train option passes through, e.g. --preset quick --out out/vanilla_gan
set -euo pipefail
exec gan-cookbook train vanilla_gan "$@"
