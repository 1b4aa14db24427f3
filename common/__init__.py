"""The template, the blocks several recipes share, and the tools: loop, data, runs, metrics, CLI.

Importing the package registers the custom layers its networks use (``common/layers.py``,
``common/translation.py``), so every network a run saves loads with plain
``keras.saving.load_model`` after ``import gan_cookbook.common``. Keras is imported here with
TensorFlow's C++ start-up lines (oneDNN, CUDA drivers, CPU features) hidden, since they are written
before any log level applies, with ``TF_CPP_MIN_LOG_LEVEL=3`` unless it is set, and with TensorFlow's
Python logger at ERROR (its retracing warnings); set
``GAN_COOKBOOK_DEBUG=1`` to see them all.
"""

import contextlib
import logging
import os
import sys


@contextlib.contextmanager
def quiet_stderr():
    """File descriptor 2 sent to /dev/null for the duration (what C++ writes too, not only Python)."""
    sys.stderr.flush()
    try:
        saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    except OSError:  # no file descriptor 2 to redirect
        yield
        return
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


if "keras" not in sys.modules and not os.environ.get("GAN_COOKBOOK_DEBUG"):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # and its later C++ lines (a CPU-only machine's failed cuInit)
    with quiet_stderr():
        import keras  # noqa: F401
    logging.getLogger("tensorflow").setLevel(logging.ERROR)  # its retracing warnings: each model a tool loads traces once

from gan_cookbook.common import layers, translation  # noqa: E402, F401  (registers their layers with Keras)
