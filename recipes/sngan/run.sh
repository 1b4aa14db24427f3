#!/usr/bin/env bash
# Train SNGAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/sngan/run.sh --preset reference --out out/sngan
exec gan-cookbook train sngan "$@"
