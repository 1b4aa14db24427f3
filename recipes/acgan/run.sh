#!/usr/bin/env bash
# Train the auxiliary-classifier GAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/acgan/run.sh --preset reference --out out/acgan
exec gan-cookbook train acgan "$@"
