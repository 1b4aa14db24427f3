#!/usr/bin/env bash
# Train BigGAN-lite, class-conditional MNIST at 32x32 (after 'pip install .', or in the Docker image). Every 'gan-cookbook train'
# option passes through:
#   recipes/biggan/run.sh --preset reference --out out/biggan
#   python recipes/biggan/figures.py out/biggan --out recipes/biggan/figures
exec gan-cookbook train biggan "$@"
