#!/usr/bin/env bash
# Train InfoGAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/infogan/run.sh --preset reference --out out/infogan
exec gan-cookbook train infogan "$@"
