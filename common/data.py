"""Datasets as in-memory float32 arrays scaled to [-1, 1], shape (N, H, W, C).

MNIST comes from the first of: an explicit path, ``$GAN_COOKBOOK_DATA/mnist.npz``,
``data/mnist.npz`` (the project's data folder, or one in the working directory), and
otherwise ``keras.datasets.mnist.load_data()``, which downloads it once.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from common.template import Stream, random_stream

ENV_VAR = "GAN_COOKBOOK_DATA"
PROJECT_DATA = Path(__file__).resolve().parents[1] / "data"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}


class DataError(ValueError):
    """A dataset could not be read; the message names the path and the fix."""


def to_unit_range(images: np.ndarray) -> np.ndarray:
    """uint8 [0, 255] -> float32 [-1, 1]."""
    return (images.astype(np.float32) - 127.5) / 127.5


def find_mnist(path: str | os.PathLike | None = None) -> Path | None:
    """The local MNIST file to use, or None to download through Keras."""
    if path is not None:
        path = Path(path)
        if path.is_dir():
            path = path / "mnist.npz"
        if not path.is_file():
            raise DataError(f"MNIST file {path} does not exist; pass the path of an mnist.npz (keys x_train, y_train, x_test, y_test)")
        return path
    if os.environ.get(ENV_VAR):
        path = Path(os.environ[ENV_VAR]) / "mnist.npz"
        if not path.is_file():
            raise DataError(f"${ENV_VAR} is set but {path} does not exist; put mnist.npz there or unset {ENV_VAR}")
        return path
    for folder in (PROJECT_DATA, Path.cwd() / "data"):
        if (folder / "mnist.npz").is_file():
            return folder / "mnist.npz"
    return None


VALIDATION_SIZE = 10_000  # the last images of MNIST's training set, held out by the "fit"/"validation" splits


def load_mnist(path: str | os.PathLike | None = None, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """MNIST ``split`` as images (N, 28, 28, 1) in [-1, 1] and labels (N,).

    "train" (60,000) and "test" (10,000) are MNIST's own; "fit" is the first 50,000 training images
    and "validation" the last 10,000, held out for choosing settings (the test set is for reports).
    """
    if split in ("fit", "validation"):
        x, y = load_mnist(path, "train")
        return (x[:-VALIDATION_SIZE], y[:-VALIDATION_SIZE]) if split == "fit" else (x[-VALIDATION_SIZE:], y[-VALIDATION_SIZE:])
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train', 'test', 'fit' or 'validation', not {split!r}")
    source = find_mnist(path)
    if source is None:
        import keras

        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        x, y = (x_train, y_train) if split == "train" else (x_test, y_test)
    else:
        try:
            npz = np.load(source)
        except (OSError, ValueError) as err:
            raise DataError(f"{source} is not a readable .npz file ({err}); re-download it or point ${ENV_VAR} elsewhere") from err
        with npz:
            wanted = [f"x_{split}", f"y_{split}"]
            if not set(wanted) <= set(npz.files):
                raise DataError(f"{source} has keys {sorted(npz.files)}; an MNIST file needs {wanted} (as keras.datasets.mnist saves it)")
            x, y = npz[wanted[0]], npz[wanted[1]]
    if x.ndim != 3 or x.shape[1:] != (28, 28) or len(x) != len(y):
        raise DataError(f"{source}: x_{split} has shape {x.shape} and y_{split} {y.shape}; expected (N, 28, 28) and (N,)")
    return to_unit_range(x)[..., None], y.astype(np.int64)


def load_image_folder(folder: str | os.PathLike, size: int = 64) -> np.ndarray:
    """Every PNG/JPEG under ``folder`` as RGB (N, size, size, 3) in [-1, 1], centre-cropped square."""
    from PIL import Image, UnidentifiedImageError

    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"image folder {folder} does not exist; pass a folder of .png/.jpg images")
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise DataError(f"image folder {folder} holds no .png/.jpg/.jpeg files; add images or pass another folder")
    images = np.empty((len(files), size, size, 3), dtype=np.uint8)
    for i, file in enumerate(files):
        try:
            with Image.open(file) as image:
                image = image.convert("RGB")
                w, h = image.size
                side = min(w, h)
                box = ((w - side) // 2, (h - side) // 2, (w + side) // 2, (h + side) // 2)
                images[i] = np.asarray(image.resize((size, size), Image.Resampling.LANCZOS, box=box))
        except (OSError, UnidentifiedImageError) as err:
            raise DataError(f"cannot read image {file} ({err}); remove or replace that file") from err
    return to_unit_range(images)


def load_dataset(
    name: str, image_shape: tuple[int, int, int], path: str | os.PathLike | None = None, labels: bool = False, split: str = "train"
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """The training images for a recipe, and their class labels too if ``labels``.

    ``name`` is "mnist" (``split`` "train", or "fit" to hold out the validation images),
    "stacked_mnist" (:func:`stacked_mnist`; labels are each image's mode, 0-999) or "folder"
    (then ``path`` is required; a folder has no labels).
    """
    classes = None
    if name == "mnist":
        images, classes = load_mnist(path, split)
    elif name == "stacked_mnist":
        images, classes = stacked_mnist(*load_mnist(path, split), STACKED_MNIST_SIZE, seed=0)
    elif name == "folder":
        if path is None:
            raise DataError("dataset 'folder' needs --data PATH, a folder of .png/.jpg images")
        if labels:
            raise DataError("dataset 'folder' has no class labels; a conditional recipe needs --dataset mnist")
        images = load_image_folder(path, size=image_shape[0])
    else:
        raise DataError(f"unknown dataset {name!r}; use 'mnist', 'stacked_mnist' or 'folder'")
    if images.shape[1:] != tuple(image_shape):
        raise DataError(
            f"dataset {name!r} gives images of shape {images.shape[1:]} but the model expects {tuple(image_shape)};"
            " set --image-shape to match"
        )
    return (images, classes) if labels else images


STACKED_MNIST_SIZE = 60_000  # training images of Stacked MNIST, drawn once (seed 0) from MNIST's training digits


def stacked_mnist(images: np.ndarray, labels: np.ndarray, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Stacked MNIST (Metz et al. 2017): ``n`` images (n, 28, 28, 3) whose three channels are three MNIST
    digits drawn independently, and each image's mode, 100 d1 + 10 d2 + d3 (1,000 modes, equally likely)."""
    picks = random_stream(seed, Stream.SYNTHETIC_DATA).integers(0, len(images), (n, 3))
    stacked = np.concatenate([images[picks[:, k]] for k in range(3)], axis=-1)
    return stacked, (100 * labels[picks[:, 0]] + 10 * labels[picks[:, 1]] + labels[picks[:, 2]]).astype(np.int64)


def labelled_subset(labels: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    """Indices of ``per_class`` examples of each class, drawn by ``seed`` (the same seed, the same subset), sorted."""
    labels = np.asarray(labels)
    rng = random_stream(seed, Stream.LABELLED)
    chosen = []
    for k in np.unique(labels):
        members = np.flatnonzero(labels == k)
        if len(members) < per_class:
            raise DataError(f"class {k} has {len(members)} examples, fewer than the {per_class} labelled ones asked for")
        chosen.append(rng.choice(members, per_class, replace=False))
    return np.sort(np.concatenate(chosen))


class BatchSampler:
    """Shuffled mini-batches, reproducible from (seed, index) alone so a resumed run continues exactly.

    ``data`` is one array or a tuple of aligned arrays (images, labels); a batch has the same
    form. Batches walk a fresh permutation each epoch and drop the last partial batch.
    ``sampler(i)`` is batch ``i``; ``sampler()`` hands out the next one (the loop's phases draw
    as many as they need), and ``draws`` counts them, so a checkpoint can say where it stood.
    """

    def __init__(self, data: np.ndarray | tuple[np.ndarray, ...], batch_size: int, seed: int) -> None:
        arrays = data if isinstance(data, tuple) else (data,)
        if len({len(a) for a in arrays}) != 1:
            raise DataError(f"the dataset's arrays have different lengths {[len(a) for a in arrays]}")
        if len(arrays[0]) < batch_size:
            raise DataError(f"the dataset has {len(arrays[0])} images, fewer than one batch of {batch_size}")
        self.data, self.batch_size, self.seed = data, batch_size, seed
        self.size = len(arrays[0])
        self.per_epoch = self.size // batch_size
        self.draws = 0
        self._epoch, self._order = -1, None

    def __call__(self, index: int | None = None) -> np.ndarray | tuple[np.ndarray, ...]:
        if index is None:
            index, self.draws = self.draws, self.draws + 1
        epoch, i = divmod(index, self.per_epoch)
        if epoch != self._epoch:
            self._epoch = epoch
            self._order = random_stream(self.seed, Stream.BATCH_ORDER, epoch).permutation(self.size)
        batch = self._order[i * self.batch_size : (i + 1) * self.batch_size]
        if isinstance(self.data, tuple):
            return tuple(a[batch] for a in self.data)
        return self.data[batch]


# -- 2-D Gaussian mixtures (PacGAN's mode-coverage benchmarks) -----------------------------------
def mixture_modes(name: str) -> tuple[np.ndarray, float]:
    """The means (K, 2) and the standard deviation of a 2-D mixture of equal Gaussians.

    "ring8": 8 modes evenly on the unit circle, sd 0.01; "grid25": a 5x5 grid at {-4, -2, 0, 2, 4}^2, sd 0.05.
    """
    if name == "ring8":
        angles = 2 * np.pi * np.arange(8) / 8
        return np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32), 0.01
    if name == "grid25":
        axis = np.arange(-4, 5, 2, dtype=np.float32)
        return np.stack(np.meshgrid(axis, axis, indexing="ij"), axis=-1).reshape(-1, 2), 0.05
    raise DataError(f"unknown mixture {name!r}; use 'ring8' or 'grid25'")


def sample_mixture(name: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points (n, 2) float32 of a :func:`mixture_modes` mixture, every mode equally likely."""
    means, sd = mixture_modes(name)
    return (means[rng.integers(0, len(means), n)] + sd * rng.standard_normal((n, 2))).astype(np.float32)
