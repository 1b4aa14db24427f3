#!/usr/bin/env bash
# Train SimGAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/simgan/run.sh --preset reference --out out/simgan                # font digits -> MNIST
exec gan-cookbook train simgan "$@"
