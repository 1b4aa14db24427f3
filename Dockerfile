# GAN Cookbook on the official TensorFlow GPU + Jupyter image of the pinned TensorFlow.
#   docker build -t gan-cookbook .
#   docker run --gpus all -v "$PWD/out:/workspace/out" gan-cookbook recipes/dcgan/run.sh --preset reference --out out/dcgan
#   docker run --gpus all -p 8888:8888 -v "$PWD/out:/workspace/out" gan-cookbook   # Jupyter on the notebooks
FROM tensorflow/tensorflow:2.21.0-gpu-jupyter

WORKDIR /workspace
COPY setup.cfg pyproject.toml README.md constraints.txt ./
COPY common ./common
COPY recipes ./recipes
RUN pip install --no-cache-dir -c constraints.txt ".[photos]"
COPY data ./data
COPY notebooks ./notebooks
COPY scripts ./scripts
COPY bench ./bench

# MNIST downloads through Keras on first use; to use a local copy, mount it at /workspace/data/mnist.npz.
EXPOSE 8888
CMD ["jupyter", "notebook", "--ip=0.0.0.0", "--port=8888", "--no-browser", "--allow-root", "--notebook-dir=/workspace"]
