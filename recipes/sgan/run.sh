#!/usr/bin/env bash
# Train the semi-supervised GAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/sgan/run.sh --preset reference --out out/sgan
#   recipes/sgan/run.sh --preset reference --supervised-baseline --out out/sgan_baseline
exec gan-cookbook train sgan "$@"
