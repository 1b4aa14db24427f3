#!/usr/bin/env bash
# Train 3D-GAN (after 'pip install .', or in the Docker image). Every 'gan-cookbook train' option passes through:
#   recipes/gan3d/run.sh --preset reference --out out/gan3d
#   recipes/gan3d/run.sh --dataset meshes --data ModelNet10 --out out/gan3d_modelnet
exec gan-cookbook train gan3d "$@"
