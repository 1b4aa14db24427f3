#!/usr/bin/env bash
# Train Pix2Pix (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/pix2pix/run.sh --preset reference --out out/pix2pix                # Google -> Twitter emoji
#   recipes/pix2pix/run.sh --preset reference-digits --out out/pix2pix-digits  # MNIST edges -> digits
exec gan-cookbook train pix2pix "$@"
