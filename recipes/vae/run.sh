#!/usr/bin/env bash
# Train the VAE baseline (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/vae/run.sh --preset reference --out out/vae
exec gan-cookbook train vae "$@"
