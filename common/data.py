"""Datasets as in-memory float32 arrays scaled to [-1, 1], shape (N, H, W, C); voxel grids (3D-GAN) as
occupancies in [0, 1], shape (N, D, H, W, 1).

MNIST comes from the first of: an explicit path, ``$GAN_COOKBOOK_DATA/mnist.npz``,
``data/mnist.npz`` (the project's data folder, or one in the working directory), and
otherwise ``keras.datasets.mnist.load_data()``, which downloads it once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from gan_cookbook.common.template import Stream, box_downscale, random_stream

ENV_VAR = "GAN_COOKBOOK_DATA"
PROJECT_DATA = Path(__file__).resolve().parents[1] / "data"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
MNIST_32 = (32, 32, 1)  # MNIST padded 2 pixels a side (networks that halve 32 -> 4); the evaluator crops it back


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

        (x_train, y_train), (x_test, y_test) = _download("mnist.npz", keras.datasets.mnist.load_data)
        x, y = (x_train, y_train) if split == "train" else (x_test, y_test)
    else:
        wanted = [f"x_{split}", f"y_{split}"]
        arrays = read_npz(source, wanted, what="an MNIST file (as keras.datasets.mnist saves it)")
        x, y = arrays[wanted[0]], arrays[wanted[1]]
    if x.ndim != 3 or x.shape[1:] != (28, 28) or len(x) != len(y):
        raise DataError(f"{source}: x_{split} has shape {x.shape} and y_{split} {y.shape}; expected (N, 28, 28) and (N,)")
    return to_unit_range(check_pixels(x, f"{source}: x_{split}"))[..., None], check_labels(y, 10, f"{source}: y_{split}")


def check_pixels(x: np.ndarray, name: str) -> np.ndarray:
    """``x`` if it holds 8-bit pixel values (0..255, as MNIST ships them); one clear error otherwise."""
    if x.dtype == np.uint8:
        return x
    if not np.issubdtype(x.dtype, np.number) or not np.isfinite(x).all() or x.min() < 0 or x.max() > 255:
        raise DataError(f"{name} holds {x.dtype} values that are not pixels in 0..255; store uint8 images")
    if np.issubdtype(x.dtype, np.floating) and x.max() <= 1:
        raise DataError(f"{name} holds floats in [0, 1]; store uint8 images in 0..255 (np.uint8(np.round(x * 255)))")
    if np.any(x != np.round(x)):
        raise DataError(f"{name} holds fractional values; store uint8 images in 0..255")
    return x.astype(np.uint8)


def check_labels(y: np.ndarray, classes: int, name: str) -> np.ndarray:
    """``y`` as int64 class indices in 0..classes-1; one clear error for anything else."""
    if not np.issubdtype(y.dtype, np.integer) or (len(y) and (y.min() < 0 or y.max() >= classes)):
        shown = f"{y.dtype}" if not np.issubdtype(y.dtype, np.number) else f"values {y.min()}..{y.max()}"
        raise DataError(f"{name}: labels must be integers in 0..{classes - 1}, got {shown}")
    return y.astype(np.int64)


def _download(name: str, load):
    """``load()`` (a Keras dataset download), with one error that says where a local copy goes when it fails."""
    try:
        return load()
    except Exception as err:  # Keras raises a bare Exception ("URL fetch failure ...") when offline
        raise DataError(
            f"{name} is not in ${ENV_VAR}, {PROJECT_DATA} or ./data, and downloading it failed ({err});"
            f" put {name} in one of those folders or set {ENV_VAR} to the folder that holds it"
        ) from None


def cache_folder() -> Path:
    """Where data derived at run time is kept between runs: ``$GAN_COOKBOOK_CACHE``, else
    ``$XDG_CACHE_HOME/gan_cookbook``, else ``~/.cache/gan_cookbook`` (for a user without a home folder, the
    system's temporary folder). Deleting it costs only time."""
    if os.environ.get("GAN_COOKBOOK_CACHE"):
        return Path(os.environ["GAN_COOKBOOK_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "gan_cookbook"
    try:
        return Path.home() / ".cache" / "gan_cookbook"
    except RuntimeError:  # no $HOME and no password entry (a container's bare user)
        import tempfile

        return Path(tempfile.gettempdir()) / "gan_cookbook"


def cached_arrays(name: str, key: str, make: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """``make()``'s arrays, read back from :func:`cache_folder` when a call with the same ``name`` and ``key`` saved
    them. A cached file that cannot be read is made again; a folder that cannot be written is passed over (the arrays
    are still returned). Written to a temporary file and renamed: a reader never sees half a file."""
    import hashlib
    import zipfile

    file = cache_folder() / f"{name}_{hashlib.sha256(key.encode()).hexdigest()[:20]}.npz"
    try:
        with np.load(file) as saved:
            return {k: saved[k] for k in saved.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile):
        pass  # not cached yet, or damaged
    arrays = make()
    temporary = file.with_name(f".{file.stem}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as out:
            np.savez_compressed(out, **arrays)
        os.replace(temporary, file)
    except OSError:
        temporary.unlink(missing_ok=True)
    return arrays


def code_key(*functions: Callable) -> str:
    """The source of ``functions``: part of a cache key, so that a change to the code that made an array remakes it."""
    import inspect

    return "\n".join(inspect.getsource(function) for function in functions)


def centre_square(image, size: int) -> np.ndarray:
    """A PIL image's centre square, resized to size x size (Lanczos), as a uint8 array."""
    from PIL import Image

    w, h = image.size
    side = min(w, h)
    box = ((w - side) // 2, (h - side) // 2, (w + side) // 2, (h + side) // 2)
    return np.asarray(image.resize((size, size), Image.Resampling.LANCZOS, box=box))


def load_image_folder(folder: str | os.PathLike, size: int = 64) -> np.ndarray:
    """Every PNG/JPEG under ``folder`` as RGB (N, size, size, 3) in [-1, 1], centre-cropped square.

    Grey images are converted to RGB; files that are not images are skipped and counted in one warning.
    """
    return read_images(image_files(folder), size, 3, skip_grey=False)[0]


def load_dataset(
    name: str, image_shape: tuple[int, int, int], path: str | os.PathLike | None = None, labels: bool = False, split: str = "train"
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """The training images for a recipe, and their class labels too if ``labels``.

    ``name`` is "mnist" (``split`` "train", or "fit" to hold out the validation images; padded to 32x32 for an
    ``image_shape`` of (32, 32, 1)),
    "stacked_mnist" (:func:`stacked_mnist`; labels are each image's mode, 0-999), "folder"
    (then ``path`` is required; a folder has no labels), "emoji" (Twitter's drawings, Twemoji, 64x64 RGB on white; ``split``
    as :func:`emoji_split`: "train" leaves the test emoji out; no labels), "shapes" (:func:`load_shapes`, voxel grids)
    or "meshes" (``path``: a folder of .off/.obj meshes, voxelised; ModelNet's ``train`` folders if it has them).
    """
    classes = None
    if name == "mnist":
        images, classes = load_mnist(path, split)
        if tuple(image_shape) == MNIST_32:
            images = pad_to(images, 32)
    elif name == "stacked_mnist":
        images, classes = stacked_mnist(*load_mnist(path, split), STACKED_MNIST_SIZE, seed=0)
    elif name == "emoji":
        images = load_emoji(path, split)["twitter"]  # Twemoji, 64x64 RGB on white
    elif name == "folder":
        images = read_images(folder_files(path, labels), image_shape[0], 3, skip_grey=False)[0]
    elif name == "shapes":
        images, classes = load_shapes(image_shape[0], split)
    elif name == "meshes":
        from gan_cookbook.common.voxels import load_meshes

        if path is None:
            raise DataError("the meshes dataset reads a folder of .off/.obj files: pass --data FOLDER (ModelNet10's layout works)")
        images, classes, _ = load_meshes(path, image_shape[0], "train" if any(Path(path).rglob("train")) else None)
    else:
        raise DataError(f"unknown dataset {name!r}; use 'mnist', 'stacked_mnist', 'emoji', 'folder', 'shapes' or 'meshes'")
    if images.shape[1:] != tuple(image_shape):
        raise DataError(
            f"dataset {name!r} gives images of shape {images.shape[1:]} but the model expects {tuple(image_shape)};"
            " set --image-shape to match"
        )
    return (images, classes) if labels else images


SHAPES_PER_CLASS = 500  # training shapes of each class of the procedural dataset
SHAPES_HELD_OUT = 100  # validation and test shapes of each class


def load_shapes(size: int = 32, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """The procedural voxel shapes (:mod:`~gan_cookbook.common.voxels`): occupancies (N, size, size, size, 1) in
    {0, 1} and classes (N,). "train" (or "fit") is shapes 0-499 of each class, "validation" shapes 500-599,
    "test" the 100 first of the range no training ever draws from (the shape classifier's test shapes)."""
    from gan_cookbook.common.voxels import HELD_OUT, procedural_shapes

    starts = {"train": 0, "fit": 0, "validation": SHAPES_PER_CLASS, "test": HELD_OUT}
    if split not in starts:
        raise ValueError(f"split must be one of {', '.join(starts)}, not {split!r}")
    per_class = SHAPES_PER_CLASS if split in ("train", "fit") else SHAPES_HELD_OUT
    return procedural_shapes(per_class, seed=0, size=size, start=starts[split])


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


STREAM_ABOVE = 2**31  # bytes of float32 images above which a folder is streamed rather than loaded (2 GiB)


def image_files(folder: str | os.PathLike) -> list[Path]:
    """The .png/.jpg/.jpeg files under ``folder``, sorted; one clear error if it is missing or holds none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"image folder {folder} does not exist; pass a folder of .png/.jpg images")
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise DataError(f"image folder {folder} holds no .png/.jpg/.jpeg files; add images or pass another folder")
    return files


def folder_files(path: str | os.PathLike | None, labels: bool = False) -> list[Path]:
    """The image files of the "folder" dataset at ``path`` (:func:`image_files`); one clear error without a path,
    or for a recipe that reads class labels (a folder has none)."""
    if path is None:
        raise DataError("dataset 'folder' needs --data PATH, a folder of .png/.jpg images")
    if labels:
        raise DataError("dataset 'folder' has no class labels; a conditional recipe needs --dataset mnist")
    return image_files(path)


class FolderStream(BatchSampler):
    """:class:`BatchSampler`'s batches of an image folder, decoded from the files as they are drawn, for
    folders larger than memory: the same order (a permutation of the files per epoch, from the seed),
    so a resumed run continues exactly. ``workers`` threads decode (PIL releases the GIL while it
    decodes) and keep the next ``prefetch`` batches ready. Images are RGB, centre-cropped to ``size``.
    """

    def __init__(self, files: list[Path], size: int, batch_size: int, seed: int, workers: int | None = None, prefetch: int = 4) -> None:
        from concurrent.futures import ThreadPoolExecutor

        super().__init__(np.arange(len(files)), batch_size, seed)  # batches of file indices
        self.files, self.image_size, self.prefetch = files, size, prefetch
        self.pool = ThreadPoolExecutor(workers or os.cpu_count() or 2)
        self._ready: dict[int, object] = {}

    def __call__(self, index: int | None = None) -> np.ndarray:
        if index is None:
            index, self.draws = self.draws, self.draws + 1
        for ahead in range(index, index + self.prefetch):
            if ahead not in self._ready:
                self._ready[ahead] = self.pool.submit(self.decode, super().__call__(ahead))
        for stale in [i for i in self._ready if i < index]:
            self._ready.pop(stale).cancel()
        return self._ready.pop(index).result()

    def decode(self, indices: np.ndarray) -> np.ndarray:
        """The files at ``indices`` as (n, size, size, 3) float32 in [-1, 1]; one clear error for a file that is not an image."""
        from PIL import Image, UnidentifiedImageError

        pixels = np.empty((len(indices), self.image_size, self.image_size, 3), np.uint8)
        for row, i in enumerate(indices):
            try:
                with Image.open(self.files[i]) as image:
                    pixels[row] = centre_square(image.convert("RGB"), self.image_size)
            except (OSError, UnidentifiedImageError) as err:
                raise DataError(
                    f"{self.files[i]} cannot be read as an image ({err}); remove it (gan-cookbook data inspect finds them all)"
                ) from None
        return to_unit_range(pixels)

    def head(self, n: int) -> np.ndarray:
        """The first ``n`` files' images, in file order (for what is fitted to data once training ends)."""
        return self.decode(np.arange(min(n, self.size)))


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


# -- image-to-image data: paired (source, target) and unpaired domains ------------------------------
def find_file(name: str, path: str | os.PathLike | None = None) -> Path | None:
    """The local copy of dataset file ``name``: ``path`` (a file, or a folder holding it), else
    ``$GAN_COOKBOOK_DATA/name``, else ``data/name``; None when there is none (then download)."""
    if path is not None:
        path = Path(path)
        path = path / name if path.is_dir() else path
        if not path.is_file():
            raise DataError(f"{path} does not exist; pass the path of {name} or of the folder that holds it")
        return path
    if os.environ.get(ENV_VAR):
        path = Path(os.environ[ENV_VAR]) / name
        if not path.is_file():
            raise DataError(f"${ENV_VAR} is set but {path} does not exist; put {name} there or unset {ENV_VAR}")
        return path
    return next((folder / name for folder in (PROJECT_DATA, Path.cwd() / "data") if (folder / name).is_file()), None)


def read_npz(source: Path, keys: list[str], what: str = "", optional: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """``keys`` of the .npz file ``source`` (and those of ``optional`` it holds), with one clear error for a
    file that is not one (truncated, corrupted, another format) or lacks a key; ``what`` names what the file
    should be."""
    import zipfile
    import zlib

    if not zipfile.is_zipfile(source):
        raise DataError(f"{source} is not a readable .npz file (not a zip archive: empty, truncated or another format); replace it")
    try:
        with np.load(source, allow_pickle=False) as npz:
            missing = sorted(set(keys) - set(npz.files))
            if missing:
                raise DataError(f"{source} has keys {sorted(npz.files)} but not {missing}" + (f"; {what} needs {keys}" if what else ""))
            return {key: npz[key] for key in [*keys, *(k for k in optional if k in npz.files)]}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as err:
        if isinstance(err, DataError):
            raise
        reason = "it holds pickled objects, which are not read" if "pickle" in str(err) else str(err) or type(err).__name__
        raise DataError(f"{source} is not a readable .npz file ({reason}); replace it, or point ${ENV_VAR} elsewhere") from None


def pad_to(images: np.ndarray, size: int) -> np.ndarray:
    """Images (N, h, w, C) in [-1, 1] centred on a black (-1) canvas of size x size (32x32 MNIST for 5-level U-Nets)."""
    top, left = (size - images.shape[1]) // 2, (size - images.shape[2]) // 2
    canvas = np.full((len(images), size, size, images.shape[3]), -1.0, np.float32)
    canvas[:, top : top + images.shape[1], left : left + images.shape[2]] = images
    return canvas


def crop_to(images: np.ndarray, size: int) -> np.ndarray:
    """The centre size x size of images (N, H, W, C): :func:`pad_to` undone (the evaluator reads 28x28)."""
    top, left = (images.shape[1] - size) // 2, (images.shape[2] - size) // 2
    return images[:, top : top + size, left : left + size]


def load_fashion_mnist(path: str | os.PathLike | None = None, split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """Fashion-MNIST (Xiao et al. 2017) like :func:`load_mnist`: ``fashion_mnist.npz`` from a path,
    ``$GAN_COOKBOOK_DATA`` or ``data/``, else ``keras.datasets.fashion_mnist`` (downloads it once)."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    source = find_file("fashion_mnist.npz", path)
    if source is None:
        import keras

        (x_train, y_train), (x_test, y_test) = _download("fashion_mnist.npz", keras.datasets.fashion_mnist.load_data)
        x, y = (x_train, y_train) if split == "train" else (x_test, y_test)
    else:
        arrays = read_npz(source, [f"x_{split}", f"y_{split}"])
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
    return to_unit_range(x)[..., None], y.astype(np.int64)


# Emoji: Google's and Twitter's drawings of the same 3,786 code points: the 64x64 PNGs of the npm packages
# emoji-datasource-google and emoji-datasource-twitter 16.0.0 (https://github.com/iamcal/emoji-data).
EMOJI_TEST_SHARE = 0.1  # of the base emoji (an emoji and all its skin-tone variants), held out for tests
SKIN_TONES = {"1f3fb", "1f3fc", "1f3fd", "1f3fe", "1f3ff"}


def emoji_base(code_point: str) -> str:
    """The code point without its skin-tone modifiers: every variant of an emoji shares it."""
    return "-".join(part for part in code_point.lower().split("-") if part not in SKIN_TONES)


def emoji_split(code_points: np.ndarray, split: str) -> np.ndarray:
    """Indices of the emoji in ``split``: "test" is 10% of the base emoji (all their skin tones with them),
    drawn once by a fixed seed; "validation" another 10% of the rest; "fit" the others; "train" = fit + validation."""
    bases = np.array([emoji_base(c) for c in code_points])
    unique = np.unique(bases)
    order = np.random.default_rng(20170101).permutation(len(unique))  # fixed: the split never changes
    k = int(round(EMOJI_TEST_SHARE * len(unique)))
    groups = {"test": unique[order[:k]], "validation": unique[order[k : 2 * k]], "fit": unique[order[2 * k :]]}
    groups["train"] = np.concatenate([groups["validation"], groups["fit"]])
    if split not in groups:
        raise ValueError(f"split must be one of {sorted(groups)}, not {split!r}")
    return np.flatnonzero(np.isin(bases, groups[split]))


def composite_on_white(rgba: np.ndarray) -> np.ndarray:
    """RGBA uint8 (N, H, W, 4) -> RGB float32 in [-1, 1], alpha-blended onto a white background."""
    alpha = rgba[..., 3:].astype(np.float32) / 255.0
    rgb = rgba[..., :3].astype(np.float32) * alpha + 255.0 * (1.0 - alpha)
    return rgb / 127.5 - 1.0


EMOJI_PACKAGES = {vendor: f"https://registry.npmjs.org/emoji-datasource-{vendor}/-/emoji-datasource-{vendor}-16.0.0.tgz"
                  for vendor in ("google", "twitter")}  # fmt: skip


def build_emoji(google: str | os.PathLike, twitter: str | os.PathLike, out: str | os.PathLike) -> Path:
    """``emoji.npz`` from the two npm packages' tarballs: every code point (skin tones too) that both vendors
    draw, as ``google`` and ``twitter`` (N, 64, 64, 4) uint8 RGBA, ``code_point``, ``short_name``, ``category``
    (an index into ``category_names``), sorted by code point."""
    import io
    import json
    import tarfile

    from PIL import Image

    def members(tarball) -> tuple[list[dict], dict[str, bytes]]:
        with tarfile.open(tarball) as tar:
            files = {m.name: m for m in tar.getmembers() if m.isfile()}
            table = json.load(tar.extractfile(files["package/emoji.json"]))
            images = {name.rsplit("/", 1)[-1]: tar.extractfile(m).read() for name, m in files.items() if "/64/" in name}
        return table, images

    table, google_images = members(google)
    _, twitter_images = members(twitter)
    rows = []
    for entry in table:
        for variant in [entry, *entry.get("skin_variations", {}).values()]:
            if variant["image"] in google_images and variant["image"] in twitter_images:
                rows.append((variant["unified"].lower(), entry["short_name"], entry["category"], variant["image"]))
    rows.sort()
    if not rows:
        raise DataError(f"{google} and {twitter} share no 64x64 emoji images; are they the emoji-datasource packages?")

    def rgba(data: bytes) -> np.ndarray:
        with Image.open(io.BytesIO(data)) as image:
            return np.asarray(image.convert("RGBA").resize((64, 64), Image.Resampling.LANCZOS))

    names = sorted({r[2] for r in rows})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        google=np.stack([rgba(google_images[r[3]]) for r in rows]),
        twitter=np.stack([rgba(twitter_images[r[3]]) for r in rows]),
        code_point=np.array([r[0] for r in rows]),
        short_name=np.array([r[1] for r in rows]),
        category=np.array([names.index(r[2]) for r in rows], np.uint8),
        category_names=np.array(names),
    )
    return out


def download_emoji(folder: str | os.PathLike | None = None) -> Path:
    """Download the two packages (about 30 MB) from the npm registry once and build ``emoji.npz`` in ``folder``
    (default ``~/.keras/datasets``, where Keras keeps MNIST)."""
    import urllib.request

    folder = Path(folder) if folder is not None else Path.home() / ".keras" / "datasets"
    out = folder / "emoji.npz"
    if out.is_file():
        return out
    folder.mkdir(parents=True, exist_ok=True)
    tarballs = {}
    for vendor, url in EMOJI_PACKAGES.items():
        tarballs[vendor] = folder / url.rsplit("/", 1)[-1]
        if not tarballs[vendor].is_file():
            print(f"downloading {url}")
            part = tarballs[vendor].with_name(tarballs[vendor].name + ".part")
            try:
                urllib.request.urlretrieve(url, part)
            except OSError as err:
                raise DataError(f"cannot download {url} ({err}); put emoji.npz in data/ or ${ENV_VAR} (see data/README.md)") from err
            part.rename(tarballs[vendor])
    return build_emoji(tarballs["google"], tarballs["twitter"], out)


def load_emoji(path: str | os.PathLike | None = None, split: str = "train") -> dict[str, np.ndarray]:
    """The emoji pairs of ``split`` (:func:`emoji_split`): ``google`` and ``twitter`` RGB (N, 64, 64, 3) in [-1, 1]
    on white, ``code_point`` and ``category`` (an index into ``category_names``).

    ``emoji.npz`` comes from ``path``, ``$GAN_COOKBOOK_DATA`` or ``data/``, else from :func:`download_emoji`.
    """
    source = find_file("emoji.npz", path) or download_emoji()
    arrays = read_npz(source, ["google", "twitter", "code_point", "category", "category_names"])
    keep = emoji_split(arrays["code_point"], split)
    return {
        "google": composite_on_white(arrays["google"][keep]),
        "twitter": composite_on_white(arrays["twitter"][keep]),
        "code_point": arrays["code_point"][keep],
        "category": arrays["category"][keep].astype(np.int64),
        "category_names": arrays["category_names"],
    }


# Digits drawn from the fonts matplotlib ships: SimGAN's synthetic domain, and CycleGAN's second digit domain.
NOT_DIGIT_FACES = {"LastResortHE-Regular", "cmex10", "cmsy10"}  # map the digits' code points to boxes or symbols


def digit_fonts() -> list[Path]:
    """The font files shipped with matplotlib that draw all ten digits (22 faces of DejaVu, STIX, Computer Modern)."""
    import matplotlib
    from matplotlib import ft2font

    fonts = []
    for file in sorted((Path(matplotlib.get_data_path()) / "fonts" / "ttf").glob("*.ttf")):
        face = ft2font.FT2Font(str(file))
        if file.stem not in NOT_DIGIT_FACES and all(face.get_char_index(ord(str(k))) for k in range(10)):
            fonts.append(file)
    return fonts


def _glyph(file: Path, digit: int) -> np.ndarray:
    """One digit rendered white on black, antialiased, cropped to its ink (h, w) float32 in [0, 1]."""
    from matplotlib import ft2font

    face = ft2font.FT2Font(str(file))
    face.set_size(96, 72)
    face.set_text(str(digit))
    face.draw_glyphs_to_bitmap()
    ink = np.asarray(face.get_image(), np.float32) / 255.0
    rows, cols = np.flatnonzero(ink.max(axis=1) > 0.1), np.flatnonzero(ink.max(axis=0) > 0.1)
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def font_digits(n: int, seed: int = 0, size: int = 28) -> tuple[np.ndarray, np.ndarray]:
    """``n`` digits drawn from :func:`digit_fonts` in MNIST's layout, and their labels: (n, size, size, 1) in [-1, 1].

    Like MNIST, each glyph is scaled to fit a 20x20 box (for size 28) and centred by its centre of
    mass; then a small random affine jitter (rotation +-12 degrees, scale 0.85-1.1, shear +-0.2,
    shift +-1 pixel) and a random stroke weight (bolder at 25%, thinner at 15%) make the digits of one face
    differ. Deterministic: the same (n, seed, size) give the same images.

    Drawing takes about 1 ms a digit (30 s for SimGAN's training and test splits on a 2-core CPU), so the
    pixels are kept in :func:`cache_folder` under a hash of the arguments, the fonts and the drawing code:
    later calls, in any process, read them back (the same values).
    """
    key = repr((n, seed, size, [(f.name, f.stat().st_size) for f in digit_fonts()])) + code_key(*_FONT_DRAWING)
    drawn = cached_arrays("font_digits", key, lambda: dict(zip(("pixels", "labels"), draw_font_digits(n, seed, size))))
    return (drawn["pixels"].astype(np.float32) / 255.0)[..., None] * 2.0 - 1.0, drawn["labels"]


def draw_font_digits(n: int, seed: int = 0, size: int = 28) -> tuple[np.ndarray, np.ndarray]:
    """:func:`font_digits` drawn afresh, as uint8 pixels (n, size, size) and int64 labels (n,)."""
    from PIL import Image

    fonts = digit_fonts()
    rng = random_stream(seed, Stream.SYNTHETIC_DATA)
    labels = rng.integers(0, 10, n)
    faces = rng.integers(0, len(fonts), n)
    glyphs: dict[tuple[int, int], Image.Image] = {}
    box = round(size * 20 / 28)
    big = 4 * size  # drawn at 4x, then downsampled: antialiased edges like MNIST's
    images = np.empty((n, size, size), np.float32)
    for i, (face, digit) in enumerate(zip(faces, labels)):
        if (face, digit) not in glyphs:
            glyphs[face, digit] = Image.fromarray((255 * _glyph(fonts[face], digit)).astype(np.uint8))
        glyph = glyphs[face, digit]
        w, h = glyph.size
        scale = 4 * box / max(w, h) * rng.uniform(0.85, 1.1)
        angle, shear = np.deg2rad(rng.uniform(-12, 12)), rng.uniform(-0.2, 0.2)
        shift = rng.uniform(-4, 4, 2)  # +-1 pixel at the final size
        # the inverse map (output pixel -> glyph pixel) of: centre, scale, shear, rotate, move to the canvas centre
        cos, sin = np.cos(angle), np.sin(angle)
        forward = scale * np.array([[cos, -sin], [sin, cos]]) @ np.array([[1.0, shear], [0.0, 1.0]])
        inverse = np.linalg.inv(forward)
        centre_out = np.array([big / 2, big / 2]) + shift
        offset = np.array([w / 2, h / 2]) - inverse @ centre_out
        canvas = glyph.transform(
            (big, big), Image.Transform.AFFINE, (*inverse[0], offset[0], *inverse[1], offset[1]), resample=Image.Resampling.BILINEAR
        )
        weight = rng.random()
        if weight < 0.25:
            canvas = canvas.filter(_max_filter())
        elif weight > 0.85:
            canvas = canvas.filter(_min_filter())
        small = np.asarray(canvas.resize((size, size), Image.Resampling.BOX), np.float32) / 255.0
        images[i] = _centre_of_mass(small)
    return np.rint(images * 255).astype(np.uint8), labels.astype(np.int64)  # k / 255 back to k: exact


def _max_filter():
    from PIL import ImageFilter

    return ImageFilter.MaxFilter(7)  # at 4x: a pixel and a half of stroke at the final size


def _min_filter():
    from PIL import ImageFilter

    return ImageFilter.MinFilter(3)


def _centre_of_mass(image: np.ndarray) -> np.ndarray:
    """``image`` shifted by whole pixels so that its centre of mass is the centre (MNIST's own centring)."""
    total = image.sum()
    if total == 0:
        return image
    rows, cols = np.indices(image.shape)
    dy = int(round((image.shape[0] - 1) / 2 - (rows * image).sum() / total))
    dx = int(round((image.shape[1] - 1) / 2 - (cols * image).sum() / total))
    h, w = image.shape
    moved = np.zeros_like(image)  # shifted with black coming in (no wrap-around)
    moved[max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = image[max(-dy, 0) : h - max(dy, 0), max(-dx, 0) : w - max(dx, 0)]
    return moved


_FONT_DRAWING = (draw_font_digits, _glyph, _centre_of_mass, _max_filter, _min_filter)  # the cache key's code


def edge_maps(images: np.ndarray) -> np.ndarray:
    """Outlines of images (N, H, W, 1) in [-1, 1]: where the Sobel gradient of the [0, 1] image exceeds 1, as -1/1.

    Deterministic and cheap; on MNIST it traces both sides of every stroke (pix2pix's edges -> digits task).
    """
    x = np.pad((images[..., 0] + 1.0) / 2.0, ((0, 0), (1, 1), (1, 1)), mode="edge")
    gx = (x[:, :-2, 2:] + 2 * x[:, 1:-1, 2:] + x[:, 2:, 2:]) - (x[:, :-2, :-2] + 2 * x[:, 1:-1, :-2] + x[:, 2:, :-2])
    gy = (x[:, 2:, :-2] + 2 * x[:, 2:, 1:-1] + x[:, 2:, 2:]) - (x[:, :-2, :-2] + 2 * x[:, :-2, 1:-1] + x[:, :-2, 2:])
    return np.where(np.hypot(gx, gy) > 1.0, 1.0, -1.0).astype(np.float32)[..., None]


# -- translation datasets: (sources, targets) and, for digits, their labels ------------------------------
TRANSLATION_DATASETS = ("emoji", "mnist_edges", "fonts_mnist", "folder")
FONT_DIGITS = {"train": 20_000, "fit": 20_000, "validation": 10_000, "test": 10_000}  # images drawn per split
FONT_SEEDS = {"train": 0, "fit": 0, "validation": 1, "test": 2}  # one stream of font digits per split, never shared


def bicubic_resize(images: np.ndarray, size: int | tuple[int, int]) -> np.ndarray:
    """Images (N, H, W, C) in [-1, 1] resized to ``size`` (square, or (height, width)) by bicubic interpolation,
    each channel by Pillow in float32: antialiased when shrinking, as MATLAB's ``imresize``, which made the
    super-resolution papers' low-resolution inputs; upsampling with it is their bicubic baseline."""
    from PIL import Image

    height, width = (size, size) if isinstance(size, int) else size
    out = np.empty((len(images), height, width, images.shape[-1]), np.float32)
    for i, image in enumerate(np.asarray(images, np.float32)):
        for c in range(image.shape[-1]):
            out[i, ..., c] = np.asarray(Image.fromarray(image[..., c], mode="F").resize((width, height), Image.BICUBIC))
    return out


def shrink(image: np.ndarray, scale: int) -> tuple[np.ndarray, np.ndarray]:
    """A super-resolution pair from one image (H, W, C) in [-1, 1]: the image cropped to a multiple of ``scale``
    (the target) and that shrunk ``scale`` times by :func:`bicubic_resize`, clipped to [-1, 1] (the source)."""
    height, width = image.shape[0] // scale * scale, image.shape[1] // scale * scale
    target = image[:height, :width]
    return np.clip(bicubic_resize(target[None], (height // scale, width // scale))[0], -1, 1), target


# -- photos for super-resolution ---------------------------------------------------------------------
# Photos that ship inside installed packages (scikit-image's skimage/data, matplotlib's sample_data), so that
# super-resolution trains and is scored offline. "test" is this repository's Set5: five whole photos never
# trained on, chosen (before any run) to span what Ledig et al.'s Set5 holds (baby, bird, butterfly, head,
# woman): two portraits, an animal, an object and a scene. "validation" holds out two more from the training
# photos for choosing settings; "fit" is the rest, and "train" is fit + validation. Grey photos train as RGB.
PHOTO_SPLITS = {
    "test": ("skimage:astronaut.png", "matplotlib:grace_hopper.jpg", "skimage:chelsea.png", "skimage:coffee.png", "skimage:rocket.jpg"),
    "validation": ("skimage:ihc.png", "skimage:camera.png"),
    "fit": tuple(
        f"skimage:{name}.{'jpg' if name in ('hubble_deep_field', 'retina') else 'png'}"
        for name in "motorcycle_left motorcycle_right hubble_deep_field retina brick grass gravel coins moon cell page text".split()
    ),
}
PHOTO_SPLITS["train"] = PHOTO_SPLITS["fit"] + PHOTO_SPLITS["validation"]


def bundled_photo(name: str) -> Path:
    """The file of a bundled photo named ``package:file`` ("skimage:astronaut.png", "matplotlib:grace_hopper.jpg")."""
    import importlib.util

    package, file = name.split(":")
    if package == "matplotlib":
        import matplotlib

        return Path(matplotlib.get_data_path()) / "sample_data" / file
    spec = importlib.util.find_spec(package)  # the package's folder, without importing it
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            "dataset 'photos' reads the photos bundled with scikit-image, which is not installed:"
            " pip install 'gan-cookbook[photos]' (or pass --data FOLDER of your own photos)"
        )
    return Path(spec.submodule_search_locations[0]) / "data" / file


def read_photo(file: str | os.PathLike, channels: int = 3) -> np.ndarray:
    """One image file at its own size as (H, W, ``channels``) float32 in [-1, 1] (3: RGB, 1: grey); one clear error
    for a file that is not an image."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(file) as image:
            pixels = np.asarray(image.convert("RGB" if channels == 3 else "L"))
    except (OSError, UnidentifiedImageError) as err:
        raise DataError(f"{file} cannot be read as an image ({err}); remove it or pass another file") from None
    return to_unit_range(pixels.reshape(*pixels.shape[:2], channels))


def load_photos(path: str | os.PathLike | None = None, split: str = "train", channels: int = 3) -> tuple[list[np.ndarray], list[str]]:
    """Whole photos of ``split`` as (H, W, ``channels``) float32 arrays in [-1, 1] (sizes differ), and their names.

    Without ``path``: the bundled photos of :data:`PHOTO_SPLITS`. With ``path``: a folder of the user's photos,
    split as a translation folder is (``train/`` and ``test/`` folders, or the last 10% by name held out).
    """
    if split not in PHOTO_SPLITS:
        raise DataError(f"unknown split {split!r}; use one of {', '.join(PHOTO_SPLITS)}")
    if path is None:
        files = [bundled_photo(name) for name in PHOTO_SPLITS[split]]
    else:
        folder = Path(path)
        if not folder.is_dir():
            raise DataError(f"{folder} is not a folder; --data for super-resolution is a folder of photos")
        separate = (folder / "train").is_dir() and (folder / "test").is_dir()
        where = (folder / ("test" if split == "test" else "train")) if separate else folder
        files = [f for f in _split_files(where, split, separate) if f.suffix.lower() in IMAGE_SUFFIXES]
    photos = [read_photo(file, channels) for file in files]
    if not photos:
        raise DataError(f"no .png/.jpg photos in the {split} split of {path}")
    return photos, [f.stem for f in files]


class PhotoPatches(BatchSampler):
    """Random aligned super-resolution pairs cut from whole photos, as Ledig et al. train (random 96x96 crops
    of ImageNet photos): draw ``i`` crops ``batch_size`` patches of ``size`` x ``size`` pixels (the targets) at
    random places of random photos (each photo as often as its area) and shrinks each ``scale`` times by
    :func:`bicubic_resize` (the sources). Reproducible from (seed, i) alone, so a resumed run continues exactly.
    """

    def __init__(self, photos: list[np.ndarray], size: int, scale: int, batch_size: int, seed: int) -> None:
        small = [p.shape[:2] for p in photos if min(p.shape[:2]) < size]
        if small:
            raise DataError(f"photos of {small[0][0]}x{small[0][1]} pixels are smaller than the {size}x{size} training patches")
        self.photos, self.patch, self.scale, self.batch_size, self.seed = photos, size, scale, batch_size, seed
        area = np.array([p.shape[0] * p.shape[1] for p in photos], np.float64)
        self.weights = area / area.sum()
        self.size = int(area.sum()) // (size * size)  # non-overlapping patches the photos hold: an "epoch"
        self.per_epoch, self.draws = max(self.size // batch_size, 1), 0

    def __call__(self, index: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        if index is None:
            index, self.draws = self.draws, self.draws + 1
        rng = random_stream(self.seed, Stream.PATCHES, index)
        targets = np.empty((self.batch_size, self.patch, self.patch, self.photos[0].shape[-1]), np.float32)
        for row, k in enumerate(rng.choice(len(self.photos), self.batch_size, p=self.weights)):
            photo = self.photos[k]
            top, left = (rng.integers(0, photo.shape[axis] - self.patch + 1) for axis in (0, 1))
            targets[row] = photo[top : top + self.patch, left : left + self.patch]
        sources = np.clip(bicubic_resize(targets, self.patch // self.scale), -1, 1)
        return sources, targets

    def head(self, n: int) -> np.ndarray:
        """``n`` training patches (the targets of the first draws), for what is fitted to data once training ends."""
        return np.concatenate([self(i)[1] for i in range(-(-n // self.batch_size))])[:n]


def photo_tiles(photos: list[np.ndarray], size: int) -> np.ndarray:
    """Every photo cut into non-overlapping ``size`` x ``size`` tiles (N, size, size, C), in a fixed order that
    starts from the middle: each photo's most central tile, then each one's next most central, and so on, so
    that the first few show every photo."""
    per_photo = []
    for photo in photos:
        rows, cols = photo.shape[0] // size, photo.shape[1] // size
        places = [(r, c) for r in range(rows) for c in range(cols)]
        places.sort(key=lambda p: ((p[0] + 0.5) / rows - 0.5) ** 2 + ((p[1] + 0.5) / cols - 0.5) ** 2)  # nearest the middle first
        per_photo.append([photo[r * size : (r + 1) * size, c * size : (c + 1) * size] for r, c in places])
    rounds = max(len(tiles) for tiles in per_photo)
    return np.stack([tiles[i] for i in range(rounds) for tiles in per_photo if i < len(tiles)])


def load_translation(
    name: str, image_shape: tuple[int, int, int], path: str | os.PathLike | None = None, split: str = "train", scale: int = 1
) -> dict[str, np.ndarray]:
    """A translation dataset's ``split`` as ``source`` and ``target`` images (N, H, W, C) in [-1, 1], ``label`` (N,)
    where the digit is known, and ``paired`` (whether row i of each is the same scene: true pairs to score
    against, even for a run that trains without them). Unpaired domains may differ in length.

    - "emoji": Google's drawing -> Twitter's of the same emoji (:func:`load_emoji`), paired.
    - "mnist_edges": MNIST's :func:`edge_maps` -> the digits, paired; labelled.
    - "fonts_mnist": digits drawn from fonts (:func:`font_digits`) and MNIST digits, unpaired; both labelled
      (``label`` the fonts', ``target_label`` MNIST's).
    - "folder": ``path`` holds pix2pix images (A|B side by side) or two folders of domain A and B images
      (:func:`load_translation_folder`).

    Digits are centred on a 32x32 canvas when ``image_shape`` asks for it (U-Nets halve to 1x1); emoji
    shrink by whole factors (32x32: means of 2x2 blocks).
    Splits: "train" and "test", and "fit" / "validation" to choose settings on held-out training data.

    ``scale`` > 1 makes a super-resolution task instead: the targets are the dataset's images ("mnist": the
    digits, labelled; "photos", the bundled photos, or "folder", the user's: :func:`photo_tiles` of the whole
    photos of :func:`load_photos`), the sources the same images shrunk ``scale`` times by :func:`bicubic_resize`.
    """
    size, channels = image_shape[0], image_shape[2]
    if scale > 1:
        if name in ("photos", "folder"):  # tiles of whole photos (training draws random patches: PhotoPatches)
            if name == "folder" and path is None:
                raise DataError("super-resolution of dataset 'folder' needs --data PATH, a folder of photos")
            targets = photo_tiles(load_photos(path if name == "folder" else None, split, channels)[0], size)
            return {"source": np.clip(bicubic_resize(targets, size // scale), -1, 1), "target": targets, "paired": np.array(True)}
        if name != "mnist":
            raise DataError(f"super-resolution reads 'mnist', 'photos' or 'folder', not {name!r}")
        digits, labels = load_mnist(path, split)
        if size % scale or digits.shape[1:] != tuple(image_shape):
            raise DataError(f"x{scale} super-resolution of MNIST makes {digits.shape[1:]} images, not {tuple(image_shape)}")
        sources = np.clip(bicubic_resize(digits, size // scale), -1, 1)  # bicubic overshoots at edges; pixels stay pixels
        return {"source": sources, "target": digits, "label": labels, "paired": np.array(True)}
    if name == "emoji":
        emoji = load_emoji(path, split)
        data = {"source": emoji["google"], "target": emoji["twitter"], "paired": np.array(True)}
    elif name == "mnist_edges":
        digits, labels = load_mnist(path, split)
        data = {"source": edge_maps(digits), "target": digits, "label": labels, "paired": np.array(True)}
    elif name == "fonts_mnist":
        digits, labels = load_mnist(path, split)
        fonts, font_labels = font_digits(FONT_DIGITS[split], seed=FONT_SEEDS[split])
        data = {"source": fonts, "target": digits, "label": font_labels, "target_label": labels, "paired": np.array(False)}
    elif name == "folder":
        if path is None:
            raise DataError("dataset 'folder' needs --data PATH: a folder of A|B pair images, or one with A/ and B/ folders")
        data = load_translation_folder(path, size, channels, split)
    else:
        raise DataError(f"unknown translation dataset {name!r}; use one of {', '.join(TRANSLATION_DATASETS)}")
    for key in ("source", "target"):
        have = data[key].shape[1]
        if name != "folder" and have < size:
            data[key] = pad_to(data[key], size)
        elif name != "folder" and have > size and have % size == 0:  # e.g. 32x32 emoji: means of 2x2 blocks
            data[key] = box_downscale(data[key], size)
        if data[key].shape[1:] != tuple(image_shape):
            raise DataError(
                f"dataset {name!r} gives {key} images of shape {data[key].shape[1:]} but the model expects {tuple(image_shape)};"
                " set --image-shape to match"
            )
    return data


def load_translation_folder(folder: str | os.PathLike, size: int, channels: int, split: str = "train") -> dict[str, np.ndarray]:
    """A user's translation data, resized to size x size with ``channels`` (3: RGB, 1: grey).

    Two layouts, as the Berkeley datasets come: unpaired, ``A/`` and ``B/`` (or CycleGAN's ``trainA/``,
    ``trainB/``, ``testA/``, ``testB/``) of any sizes; paired, images of A and B side by side, one pair
    per file (pix2pix's facades, maps...), optionally in ``train/`` and ``test/``. Without test
    folders, the last 10% of the files (sorted by name) are the test split; "fit" and "validation"
    split the training files 90/10 the same way.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError(f"{folder} is not a folder; pass a folder of A|B pair images, or one holding A/ and B/")
    for a, b in (("trainA", "trainB"), ("A", "B")):
        if (folder / a).is_dir() and (folder / b).is_dir():
            tests = (folder / "testA", folder / "testB")
            separate = a == "trainA" and all(t.is_dir() for t in tests)
            dirs = tests if separate and split == "test" else (folder / a, folder / b)
            source, target = (read_images(_split_files(d, split, separate), size, channels)[0] for d in dirs)
            return {"source": source, "target": target, "paired": np.array(False)}
    train, test = folder / "train", folder / "test"
    separate = train.is_dir() and test.is_dir()
    where = (test if split == "test" else train) if separate else (train if train.is_dir() else folder)
    pairs = read_images(_split_files(where, split, separate), size, channels, pairs=True)[0]
    return {"source": pairs[:, :, :size], "target": pairs[:, :, size:], "paired": np.array(True)}


def _last_tenth(files: list[Path], keep_last: bool) -> list[Path]:
    if len(files) < 2:
        raise DataError(f"{files[0].parent} holds {len(files)} file; holding out a split needs at least 2 (the last 10% by name)")
    cut = len(files) - max(1, len(files) // 10)
    return files[cut:] if keep_last else files[:cut]


def _split_files(folder: Path, split: str, separate_test: bool) -> list[Path]:
    """The files of ``folder`` in ``split``: with ``separate_test`` the folder is the split's own (train or test);
    otherwise its last 10% by name are the test split. "fit" / "validation" cut the training files 90/10."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    if not files:
        raise DataError(f"{folder} holds no files; put the images there or pass another folder")
    if not separate_test:
        files = _last_tenth(files, keep_last=split == "test")
    if split in ("fit", "validation"):
        files = _last_tenth(files, keep_last=split == "validation")
    return files


def read_images(
    files: list[Path], size: int, channels: int, pairs: bool = False, warn_resized: bool = False, skip_grey: bool = True
) -> tuple[np.ndarray, list[Path]]:
    """Image files as (N, size, size(x2 if ``pairs``), channels) in [-1, 1], and the N files they came from.

    A file that is not an image, or a grey image for an RGB model (unless not ``skip_grey``: then it is
    converted), is skipped, and the skips are counted in one warning line; if no file is left, one error says why. With ``pairs``, every
    image must be twice as wide as it is high (A|B side by side). ``warn_resized``: one warning
    if any image had another size than ``size``.
    """
    import warnings

    from PIL import Image, UnidentifiedImageError

    images, used, skipped, other_sizes = [], [], {}, set()
    for file in files:
        try:
            with Image.open(file) as image:
                image.load()
        except (OSError, UnidentifiedImageError):
            skipped.setdefault("not an image", []).append(file)
            continue
        if skip_grey and channels == 3 and image.mode in ("1", "L", "LA", "I", "I;16", "F"):
            skipped.setdefault("grey, for an RGB model", []).append(file)
            continue
        w, h = image.size
        if (w, h) != ((2 * size if pairs else size), size):
            other_sizes.add((w, h))
        if pairs and abs(w - 2 * h) > 1:
            raise DataError(
                f"{file} is {w}x{h}, not a pair of two {h}x{h} images side by side (A|B, as pix2pix's datasets are);"
                " for two folders of unpaired images use A/ and B/"
            )
        image = image.convert("RGB" if channels == 3 else "L")
        if pairs:
            halves = [image.crop((0, 0, w // 2, h)), image.crop((w // 2, 0, w, h))]
            pixels = np.concatenate([np.asarray(half.resize((size, size), Image.Resampling.LANCZOS)) for half in halves], axis=1)
        else:
            pixels = centre_square(image, size)
        images.append(pixels.reshape(*pixels.shape[:2], channels))
        used.append(file)
    if skipped:
        details = "; ".join(f"{len(v)} {k} (e.g. {v[0]})" for k, v in skipped.items())
        warnings.warn(f"skipped {sum(map(len, skipped.values()))} of {len(files)} files: {details}", stacklevel=2)
    if not images:
        raise DataError(f"none of the {len(files)} files in {files[0].parent} could be used: {details}")
    if warn_resized and other_sizes:
        warnings.warn(f"resized images of {len(other_sizes)} other size(s) to {size}x{size}", stacklevel=2)
    return to_unit_range(np.stack(images)), used
