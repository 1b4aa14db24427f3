#!/usr/bin/env bash
# Train ProGAN on MNIST at 32x32 (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/progan/run.sh --preset reference --out out/progan
#   recipes/progan/run.sh --preset reference-emoji --out out/progan_emoji
exec gan-cookbook train progan "$@"
