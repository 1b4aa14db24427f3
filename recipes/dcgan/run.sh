#!/usr/bin/env bash
# Train DCGAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/dcgan/run.sh --preset reference --out out/dcgan
exec gan-cookbook train dcgan "$@"
