#!/usr/bin/env bash
# Train the autoencoder baseline (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/autoencoder/run.sh --preset reference --out out/autoencoder
exec gan-cookbook train autoencoder "$@"
