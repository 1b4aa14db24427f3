#!/usr/bin/env bash
# Train CycleGAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/cyclegan/run.sh --preset reference --out out/cyclegan                # Google <-> Twitter emoji, unpaired
#   recipes/cyclegan/run.sh --preset reference-digits --out out/cyclegan-digits  # font digits <-> MNIST
exec gan-cookbook train cyclegan "$@"
