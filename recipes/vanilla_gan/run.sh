#!/usr/bin/env bash
# Train the vanilla GAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/vanilla_gan/run.sh --preset reference --out out/vanilla_gan
exec gan-cookbook train vanilla_gan "$@"
