"""Data preparation before any model (GAN Cookbook ch. 2): inspect, augment, balance, find outliers.

Each works on a folder of images (class subfolders give labels: ``digits/3/img.png``) or an ``.npz``
with ``x`` (N, H, W[, C]) and optionally ``y``, writes into a new folder ``out`` with a
``report.json``, and never touches its input::

    report = inspect_data("photos/", "out/inspect")      # counts, sizes, channels, duplicates, unreadable files, classes
    augment_data("photos/", "out/aug", copies=4)         # 4 randomly rotated, shifted, zoomed copies of each image
    balance_data("digits/", "out/balanced", "over")      # every class as large as the largest (or, "under", the smallest)
    find_outliers("photos/", "out/outliers", top=16)     # the images farthest from the rest, and a contact sheet of them

``gan-cookbook data inspect | augment | balance | outliers`` are these functions behind a parser.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from gan_cookbook.common.data import IMAGE_SUFFIXES, DataError, read_npz

NEAR_DUPLICATE_DIFFERENCE = 0.1  # the largest pixel difference of two near duplicates' 16x16 grey thumbnails (in [0, 1])
OUTLIER_NEIGHBOURS = 5


@dataclass
class Item:
    """One file (or one row of an .npz): where it is, its class, and what it holds or why it cannot be used."""

    name: str
    label: str | None = None
    pixels: np.ndarray | None = field(default=None, repr=False)  # uint8 (H, W, C)
    mode: str = ""  # PIL's mode: "L" grey, "RGB", "RGBA", ...
    problem: str = ""  # "not an image file", "unreadable: ..."

    @property
    def channels(self) -> int:
        return 0 if self.pixels is None else self.pixels.shape[2]


# -- reading -------------------------------------------------------------------------------------
def read_items(source: str | os.PathLike) -> list[Item]:
    """Every file of the folder ``source`` (recursively; when every image lies in a subfolder, the subfolder names
    its class), or every row of the .npz ``source``. Files that are not images are kept as items with a ``problem``."""
    from PIL import Image, UnidentifiedImageError

    source = Path(source)
    if source.is_file() and source.suffix == ".npz":
        return _npz_items(source)
    if not source.is_dir():
        raise DataError(f"{source} is neither a folder of images nor an .npz file")
    files = sorted(p for p in source.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts))
    if not files:
        raise DataError(f"{source} holds no files; pass a folder of images or an .npz with x")
    images = [f for f in files if f.suffix.lower() in IMAGE_SUFFIXES]
    labelled = bool(images) and all(len(f.relative_to(source).parts) == 2 for f in images)  # every image in a class folder
    items = []
    for file in files:
        item = Item(str(file.relative_to(source)), file.relative_to(source).parts[0] if labelled else None)
        if file.suffix.lower() not in IMAGE_SUFFIXES:
            item.problem = "not an image file"
        else:
            try:
                with Image.open(file) as image:
                    image.load()
                    item.mode = image.mode
                    converted = image.convert("L" if image.mode in ("1", "L", "I", "I;16", "F") else "RGB")
                    pixels = np.asarray(converted)
                item.pixels = pixels.reshape(*pixels.shape[:2], -1)
            except (OSError, UnidentifiedImageError, SyntaxError) as err:
                item.problem = f"unreadable: {err}"
        items.append(item)
    return items


def _npz_items(source: Path) -> list[Item]:
    arrays = read_npz(source, ["x"], optional=("y",))
    x, y = arrays["x"], arrays.get("y")
    if x.ndim not in (3, 4) or (x.ndim == 4 and x.shape[3] not in (1, 3)):
        raise DataError(f"{source}: x has shape {x.shape}; expected (N, H, W) or (N, H, W, C) images with 1 or 3 channels")
    if np.issubdtype(x.dtype, np.floating):
        if not np.isfinite(x).all() or x.min() < -1.001 or x.max() > 1.001:
            raise DataError(f"{source}: float images must lie in [-1, 1] (or store uint8 0..255)")
        x = np.rint((x + 1) * 127.5).astype(np.uint8)
    elif x.dtype != np.uint8:
        raise DataError(f"{source}: x is {x.dtype}; store uint8 pixels (0..255) or floats in [-1, 1]")
    x = x.reshape(*x.shape[:3], -1)
    if y is not None and len(y) != len(x):
        raise DataError(f"{source}: y has {len(y)} labels for {len(x)} images")
    return [Item(f"x[{i}]", None if y is None else str(y[i]), x[i], "L" if x.shape[3] == 1 else "RGB") for i in range(len(x))]


def new_folder(out: str | os.PathLike, source: str | os.PathLike) -> Path:
    """``out`` as a new (or empty) folder that is not inside ``source``: the tools never write into their input."""
    out, source = Path(out).resolve(), Path(source).resolve()
    if out == source or source in out.parents:
        raise DataError(f"--out {out} lies inside the input {source}; choose a folder outside it")
    if out.is_file():
        raise DataError(f"--out {out} is a file; pass a new folder")
    if out.is_dir() and any(out.iterdir()):
        raise DataError(f"--out {out} already holds files; choose a new or empty folder")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _write_report(out: Path, report: dict) -> dict:
    (out / "report.json").write_text(json.dumps(report, indent=2))
    return report


# -- inspect -------------------------------------------------------------------------------------
def thumbnails(items: list[Item], size: int = 16, mode: str = "L") -> np.ndarray:
    """size x size thumbnails (box-filtered) of the readable items in ``mode`` ("L" grey or "RGB"), as rows in [0, 1]."""
    from PIL import Image

    small = [
        np.asarray(
            Image.fromarray(i.pixels.squeeze(-1) if i.channels == 1 else i.pixels).convert(mode).resize((size, size), Image.Resampling.BOX)
        )
        for i in items
    ]
    return np.stack(small).reshape(len(items), -1).astype(np.float32) / 255.0


def duplicates(items: list[Item]) -> tuple[list[list[str]], list[tuple[str, str, float]]]:
    """Groups of exact duplicates (the same pixels), and pairs of near duplicates: images with the same 8x8
    average hash (which pixels of a grey 8x8 thumbnail lie above its mean) whose 16x16 grey thumbnails differ
    nowhere by more than :data:`NEAR_DUPLICATE_DIFFERENCE` (a re-encoded, resized or slightly brightened copy).
    Bucketing by the hash keeps this linear in the number of images."""
    readable = [i for i in items if i.pixels is not None]
    groups: dict[str, list[str]] = {}
    for item in readable:
        digest = hashlib.sha1(item.pixels.tobytes() + str(item.pixels.shape).encode()).hexdigest()
        groups.setdefault(digest, []).append(item.name)
    exact = [names for names in groups.values() if len(names) > 1]
    first_of = {name: names[0] for names in exact for name in names}
    unique = [i for i in readable if first_of.get(i.name, i.name) == i.name]
    near = []
    if len(unique) > 1:
        small, thumbs = thumbnails(unique, 8), thumbnails(unique, 16)
        buckets: dict[bytes, list[int]] = {}
        for index, hashed in enumerate(np.packbits(small > small.mean(1, keepdims=True), axis=1)):
            buckets.setdefault(hashed.tobytes(), []).append(index)
        for members in buckets.values():
            for k, a in enumerate(members):
                for b in members[k + 1 :]:
                    difference = float(np.abs(thumbs[a] - thumbs[b]).max())
                    if difference <= NEAR_DUPLICATE_DIFFERENCE:
                        near.append((unique[a].name, unique[b].name, round(difference, 4)))
    return exact, sorted(near)


def inspect_data(source: str | os.PathLike, out: str | os.PathLike) -> dict:
    """Count, sizes, channels, exact and near duplicates, unusable files and the class balance of ``source``,
    into ``out/report.json``; returns the report."""
    items = read_items(source)
    out = new_folder(out, source)
    readable = [i for i in items if i.pixels is not None]
    sizes, modes, classes = {}, {}, {}
    for item in readable:
        key = f"{item.pixels.shape[1]}x{item.pixels.shape[0]}"
        sizes[key] = sizes.get(key, 0) + 1
        modes[item.mode] = modes.get(item.mode, 0) + 1
    for item in items:
        if item.label is not None and item.pixels is not None:
            classes[item.label] = classes.get(item.label, 0) + 1
    exact, near = duplicates(items)
    report = {
        "source": str(source),
        "files": len(items),
        "images": len(readable),
        "sizes": dict(sorted(sizes.items(), key=lambda kv: -kv[1])),
        "modes": modes,
        "grey_among_colour": [i.name for i in readable if i.channels == 1] if any(i.channels == 3 for i in readable) else [],
        "not_images": [i.name for i in items if i.problem == "not an image file"],
        "unreadable": {i.name: i.problem.removeprefix("unreadable: ") for i in items if i.problem.startswith("unreadable")},
        "exact_duplicates": exact,
        "near_duplicates": near,
        "classes": dict(sorted(classes.items())) or None,
    }
    if classes:
        report["class_imbalance"] = round(max(classes.values()) / min(classes.values()), 3)  # largest / smallest class
    return _write_report(out, report)


def summary(report: dict) -> str:
    """The report of :func:`inspect_data` as a few lines for the terminal."""
    lines = [f"{report['images']} images in {report['files']} files; sizes {report['sizes']}; modes {report['modes']}"]
    for key, what in [("unreadable", "unreadable"), ("not_images", "not images"), ("grey_among_colour", "grey among colour images")]:
        if report[key]:
            lines.append(f"{len(report[key])} {what}: {', '.join(list(report[key])[:5])}{' ...' if len(report[key]) > 5 else ''}")
    if report["exact_duplicates"]:
        lines.append(f"{len(report['exact_duplicates'])} groups of exact duplicates, e.g. {report['exact_duplicates'][0]}")
    if report["near_duplicates"]:
        lines.append(f"{len(report['near_duplicates'])} near-duplicate pairs, e.g. {report['near_duplicates'][0][:2]}")
    if report["classes"]:
        lines.append(f"classes {report['classes']} (largest / smallest: {report['class_imbalance']})")
    return "\n".join(lines)


# -- augment and balance ----------------------------------------------------------------------------
def _write_items(items: list[Item], names: list[str], out: Path, npz: bool) -> None:
    """The items' pixels under ``names`` as PNGs in ``out``, or as ``out/data.npz`` (x, and y if labelled)."""
    from gan_cookbook.common import plots

    if npz:
        y = [i.label for i in items]
        arrays = {"x": np.stack([i.pixels for i in items])}
        if all(label is not None for label in y):
            arrays["y"] = np.array([int(label) if label.lstrip("-").isdigit() else label for label in y])
        np.savez_compressed(out / "data.npz", **arrays)
        return
    for item, name in zip(items, names):
        plots.write_image(item.pixels, out / name)


def augment_data(
    source: str | os.PathLike,
    out: str | os.PathLike,
    copies: int = 4,
    rotation: float = 0.05,
    shift: float = 0.1,
    zoom: float = 0.1,
    flip: bool = False,
    seed: int = 0,
) -> dict:
    """``copies`` augmented versions of every readable image (``keras.layers.RandomRotation`` by up to
    ``rotation`` of a turn, ``RandomTranslation`` by ``shift`` of the size, ``RandomZoom`` by ``zoom``, and a
    horizontal flip if ``flip``; edges repeat the border) into ``out``, beside no original."""
    import keras

    if copies < 1:
        raise DataError(f"--copies must be at least 1, got {copies}")
    items = [i for i in read_items(source) if i.pixels is not None]
    if not items:
        raise DataError(f"{source} holds no readable images")
    out = new_folder(out, source)
    steps = [
        keras.layers.RandomRotation(rotation, fill_mode="nearest", seed=seed),
        keras.layers.RandomTranslation(shift, shift, fill_mode="nearest", seed=seed + 1),
        keras.layers.RandomZoom(zoom, fill_mode="nearest", seed=seed + 2),
        *([keras.layers.RandomFlip("horizontal", seed=seed + 3)] if flip else []),
    ]
    augmented, names = [], []
    for item in items:
        batch = np.repeat(item.pixels[None].astype(np.float32), copies, axis=0)
        for step in steps:
            batch = step(batch, training=True)
        for k, pixels in enumerate(np.clip(np.rint(keras.ops.convert_to_numpy(batch)), 0, 255).astype(np.uint8)):
            augmented.append(Item(item.name, item.label, pixels, item.mode))
            stem = Path(item.name)
            names.append(str(stem.with_name(f"{stem.stem}_aug{k}.png")))
    _write_items(augmented, names, out, npz=Path(source).suffix == ".npz")
    settings = {"copies": copies, "rotation": rotation, "shift": shift, "zoom": zoom, "flip": flip, "seed": seed}
    return _write_report(out, {"source": str(source), "images": len(items), "written": len(augmented), **settings})


def balance_data(source: str | os.PathLike, out: str | os.PathLike, mode: str = "over", seed: int = 0) -> dict:
    """Equal classes in ``out``: "over" draws every class up to the largest one's count (repeating images,
    each at most once more than any other of its class), "under" draws each down to the smallest one's."""
    if mode not in ("over", "under"):
        raise DataError(f"--mode must be 'over' or 'under', got {mode!r}")
    items = [i for i in read_items(source) if i.pixels is not None]
    if not items or any(i.label is None for i in items):
        raise DataError(f"{source} has no class labels; balance needs class subfolders (class/image.png) or y in the .npz")
    out = new_folder(out, source)
    by_class: dict[str, list[Item]] = {}
    for item in items:
        by_class.setdefault(item.label, []).append(item)
    target = (max if mode == "over" else min)(len(v) for v in by_class.values())
    rng = np.random.default_rng(seed)
    chosen, names = [], []
    for label, members in sorted(by_class.items()):
        order = np.concatenate([rng.permutation(len(members)) for _ in range(-(-target // len(members)))])[:target]
        repeats: dict[int, int] = {}
        for index in order:
            repeat = repeats[index] = repeats.get(index, -1) + 1
            chosen.append(members[index])
            names.append(f"{label}/{Path(members[index].name).stem}{f'_copy{repeat}' if repeat else ''}.png")
    _write_items(chosen, names, out, npz=Path(source).suffix == ".npz")
    report = {"source": str(source), "mode": mode, "seed": seed, "before": {k: len(v) for k, v in sorted(by_class.items())}}
    report["after"] = {label: target for label in sorted(by_class)}
    return _write_report(out, report)


# -- outliers --------------------------------------------------------------------------------------
def outlier_features(items: list[Item], features: str = "auto") -> tuple[np.ndarray, str]:
    """Features to measure distances in: the MNIST evaluator's penultimate layer for 28x28 grey images
    ("evaluator"), else standardised 16x16 thumbnails of each channel ("pixels")."""
    mnist_shaped = all(i.pixels.shape == (28, 28, 1) for i in items)
    if features == "auto":
        features = "evaluator" if mnist_shaped else "pixels"
    if features == "evaluator":
        if not mnist_shaped:
            raise DataError("--features evaluator needs 28x28 grey images (MNIST-shaped); use --features pixels")
        from gan_cookbook.common.metrics import Evaluator

        images = np.stack([i.pixels for i in items]).astype(np.float32) / 127.5 - 1.0
        return Evaluator()(images)[0], features
    if features != "pixels":
        raise DataError(f"--features must be 'auto', 'evaluator' or 'pixels', got {features!r}")
    thumbs = thumbnails(items, 16, "RGB")
    return (thumbs - thumbs.mean(0)) / (thumbs.std(0) + 1e-6), features


def outlier_scores(features: np.ndarray, neighbours: int = OUTLIER_NEIGHBOURS) -> np.ndarray:
    """Each row's mean Euclidean distance to its ``neighbours`` nearest other rows (large = far from the rest)."""
    k = min(neighbours, len(features) - 1)
    squared = (features**2).sum(1)
    scores = np.empty(len(features), np.float32)
    for start in range(0, len(features), 256):  # 256 rows of the distance matrix at a time
        block = squared[start : start + 256, None] + squared[None, :] - 2 * features[start : start + 256] @ features.T
        np.fill_diagonal(block[:, start : start + 256], np.inf)
        scores[start : start + 256] = np.sqrt(np.maximum(np.partition(block, k - 1, axis=1)[:, :k], 0)).mean(1)
    return scores


def find_outliers(source: str | os.PathLike, out: str | os.PathLike, top: int = 16, features: str = "auto") -> dict:
    """The ``top`` images farthest from their nearest neighbours (:func:`outlier_scores`), listed in
    ``out/report.json`` and shown in ``out/outliers.png`` with their names and scores."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    items = [i for i in read_items(source) if i.pixels is not None]
    if len(items) < 3:
        raise DataError(f"{source} holds {len(items)} readable images; outliers needs at least 3")
    if top < 1:
        raise DataError(f"--top must be at least 1, got {top}")
    out = new_folder(out, source)
    feats, used = outlier_features(items, features)
    scores = outlier_scores(feats)
    order = np.argsort(-scores)[: min(top, len(items))]
    median = float(np.median(scores))
    flagged = [
        {"name": items[i].name, "score": round(float(scores[i]), 4), "times_median": round(float(scores[i]) / median, 2)} for i in order
    ]
    cols = min(8, len(order))
    rows = -(-len(order) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.6 * cols, 2.2 * rows + 0.3), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for ax, i, entry in zip(axes.ravel(), order, flagged):
        pixels = items[i].pixels
        ax.imshow(pixels.squeeze(-1) if pixels.shape[2] == 1 else pixels, cmap="gray", vmin=0, vmax=255)
        label = f" ({items[i].label})" if items[i].label is not None else ""
        ax.set_title(f"{Path(entry['name']).name[:14]}{label}\n{entry['times_median']}x median", fontsize=7)
    fig.suptitle(f"the {len(order)} images farthest from their {OUTLIER_NEIGHBOURS} nearest neighbours ({used} features)", fontsize=9)
    fig.tight_layout()
    fig.savefig(out / "outliers.png", dpi=120)
    plt.close(fig)
    report = {"source": str(source), "images": len(items), "features": used, "neighbours": OUTLIER_NEIGHBOURS, "median_score": median}
    return _write_report(out, {**report, "outliers": flagged})
