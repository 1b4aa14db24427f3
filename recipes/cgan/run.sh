#!/usr/bin/env bash
# Train the conditional GAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/cgan/run.sh --preset reference --out out/cgan
exec gan-cookbook train cgan "$@"
