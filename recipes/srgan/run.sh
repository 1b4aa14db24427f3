#!/usr/bin/env bash
# x4 super-resolution (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/srgan/run.sh --preset reference-srresnet-mnist --out out/srresnet_mnist
#   recipes/srgan/run.sh --preset reference-mnist --initial-generator out/srresnet_mnist/generator.keras --out out/srgan_mnist
exec gan-cookbook train srgan "$@"
