#!/usr/bin/env bash
# Train WGAN-GP (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/wgan_gp/run.sh --preset reference --out out/wgan_gp
exec gan-cookbook train wgan_gp "$@"
