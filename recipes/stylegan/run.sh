#!/usr/bin/env bash
# Train StyleGAN on MNIST at 32x32 (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/stylegan/run.sh --preset reference --out out/stylegan
#   recipes/stylegan/run.sh --preset reference-emoji --out out/stylegan_emoji
exec gan-cookbook train stylegan "$@"
