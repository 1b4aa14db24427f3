#!/usr/bin/env bash
# Train LSGAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/lsgan/run.sh --preset reference --out out/lsgan
exec gan-cookbook train lsgan "$@"
