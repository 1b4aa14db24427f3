#!/usr/bin/env bash
# Train WGAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/wgan/run.sh --preset reference --out out/wgan
exec gan-cookbook train wgan "$@"
