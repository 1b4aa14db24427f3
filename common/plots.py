"""Pictures of a run: image grids, loss/accuracy curves, GIFs."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import imageio.v2 as imageio  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def to_uint8(images: np.ndarray) -> np.ndarray:
    """[-1, 1] floats -> uint8 pixels, clipping anything outside."""
    return np.clip(np.rint((images + 1.0) * 127.5), 0, 255).astype(np.uint8)


def volume_pictures(volumes: np.ndarray) -> np.ndarray:
    """Voxel grids (N, D, H, W, 1), occupancies in [0, 1], as shaded pictures (N, 96, 96, 3) in [-1, 1]
    (:func:`~gan_cookbook.common.voxels.render`), so that every image tool here draws them too."""
    from gan_cookbook.common.voxels import render

    return np.stack([render(volume) for volume in volumes]).astype(np.float32) / 127.5 - 1.0


def grid(images: np.ndarray, rows: int | None = None, pad: int = 2) -> np.ndarray:
    """Tile (N, H, W, C) images in [-1, 1] into one uint8 (rows*H, cols*W, C) image; voxel grids are drawn first."""
    if images.ndim == 5:
        images = volume_pictures(images)
    n, h, w, c = images.shape
    rows = rows or int(math.ceil(math.sqrt(n)))
    cols = int(math.ceil(n / rows))
    out = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad, c), 255, dtype=np.uint8)
    for i, image in enumerate(to_uint8(images)):
        r, k = divmod(i, cols)
        out[pad + r * (h + pad) : pad + r * (h + pad) + h, pad + k * (w + pad) : pad + k * (w + pad) + w] = image
    return out


def ungrid(pixels: np.ndarray, n: int, size: tuple[int, int], rows: int | None = None, pad: int = 2, scale: int = 1) -> np.ndarray:
    """The ``n`` images of ``size`` (height, width) that :func:`grid` (``scale`` 1) or :func:`scaled_grid` tiled into
    ``pixels``, back as uint8 (n, height, width, channels): a run's saved sample grids read as images again."""
    pixels = pixels[::scale, ::scale]
    pixels = pixels[..., None] if pixels.ndim == 2 else pixels
    (h, w), cols = size, int(math.ceil(n / (rows or int(math.ceil(math.sqrt(n))))))
    corners = [(pad + r * (h + pad), pad + k * (w + pad)) for r, k in (divmod(i, cols) for i in range(n))]
    return np.stack([pixels[top : top + h, left : left + w] for top, left in corners])


def write_image(pixels: np.ndarray, path: str | os.PathLike) -> Path:
    """Write uint8 (H, W, C) pixels as an image file (a single channel as greyscale)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    imageio.imwrite(path, pixels[..., 0] if pixels.shape[-1] == 1 else pixels)
    return path


def scaled_grid(images: np.ndarray, rows: int | None = None, scale: int = 2) -> np.ndarray:
    """:func:`grid` with each pixel repeated ``scale`` times for legibility; voxel grids are drawn at full size already."""
    scale = 1 if images.ndim == 5 else scale
    return grid(images, rows).repeat(scale, axis=0).repeat(scale, axis=1)


def pixel_repeat(images: np.ndarray, size: int) -> np.ndarray:
    """Images (N, h, w, C) shown ``size`` pixels high, each pixel repeated (a small input drawn beside larger outputs)."""
    return images.repeat(size // images.shape[1], axis=1).repeat(size // images.shape[2], axis=2)


def save_grid(images: np.ndarray, path: str | os.PathLike, rows: int | None = None, scale: int = 2) -> Path:
    """Write a PNG grid of ``images`` (:func:`scaled_grid`)."""
    return write_image(scaled_grid(images, rows, scale), path)


def smooth(values: Sequence[float], window: int) -> np.ndarray:
    """Trailing running mean over ``window`` points (shorter at the start), skipping NaN (steps where a
    phase did not run); NaN where the window holds no value."""
    values = np.asarray(values, dtype=np.float64)
    known = ~np.isnan(values)
    sums = np.cumsum(np.insert(np.where(known, values, 0.0), 0, 0.0))
    counts = np.cumsum(np.insert(known, 0, False).astype(np.int64))
    lo = np.maximum(np.arange(1, len(values) + 1) - window, 0)
    n = counts[1:] - counts[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, (sums[1:] - sums[lo]) / n, np.nan)


def save_curves(history: Mapping[str, Sequence[float]], path: str | os.PathLike) -> Path:
    """Losses on the left, discriminator accuracies (and the share of steps a conditional phase trained) on the
    right, raw and smoothed."""
    steps = np.arange(1, len(next(iter(history.values()))) + 1)
    window = max(1, len(steps) // 100)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(11, 3.8))
    shares = [key for key in history if "acc" in key or key.endswith("_trained")]
    for key, values in history.items():
        ax = ax_acc if key in shares else ax_loss
        (line,) = ax.plot(steps, smooth(values, window), label=key, lw=1.4)
        ax.plot(steps, values, color=line.get_color(), alpha=0.15, lw=0.6)
    ax_loss.set(title="losses", xlabel="step")
    trained = " and share of steps trained" if any(key.endswith("_trained") for key in shares) else ""
    ax_acc.set(title=f"discriminator accuracy{trained}", xlabel="step", ylim=(-0.02, 1.02))
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3)
        if ax.lines:
            ax.legend(loc="best")
        else:  # no accuracies logged (least-squares discriminators)
            ax.set_visible(False)
    fig.tight_layout()
    return save_figure(fig, path)


def save_metric_curve(
    steps: Sequence[int], series: Mapping[str, Sequence[float]], path: str | os.PathLike, metric: str = "FID", log: bool = True
) -> Path:
    """One line per named series of ``metric`` against training steps (on a log scale if ``log``)."""
    fig, ax = plt.subplots(figsize=(5.5, 3.8))
    for name, values in series.items():
        ax.plot(steps, values, marker="o", label=name)
    ax.set(xlabel="step", ylabel=f"{metric} (log scale)" if log else metric, title=f"{metric} over training")
    if log:
        ax.set_yscale("log")
    ax.legend()
    ax.grid(alpha=0.3, which="both")
    fig.tight_layout()
    return save_figure(fig, path)


def save_histogram(fractions: Sequence[float], path: str | os.PathLike, names: Sequence[str] | None = None) -> Path:
    """Bar chart of the share of samples per class (``names``: the classes' names, else their numbers)."""
    fig, ax = plt.subplots(figsize=(5.5, 3.5))
    ax.bar(range(len(fractions)), np.asarray(fractions) * 100)
    ax.axhline(100 / len(fractions), color="k", ls="--", lw=1)
    ax.set(xlabel="class", ylabel="% of samples", xticks=range(len(fractions)), title="mode coverage")
    if names is not None:
        ax.set_xticklabels(names, rotation=30)
    fig.tight_layout()
    return save_figure(fig, path)


def latent_scatter(ax: plt.Axes, codes: np.ndarray, labels: np.ndarray, title: str = "") -> None:
    """2-D codes as points coloured by class, one colour per label with its legend (GANs in Action fig. 2.6)."""
    for k in np.unique(labels):
        chosen = labels == k
        ax.scatter(codes[chosen, 0], codes[chosen, 1], s=2, alpha=0.6, color=plt.cm.tab10(int(k) % 10), label=str(k), rasterized=True)
    ax.set(title=title, xlabel="z[0]", ylabel="z[1]")
    ax.legend(markerscale=5, fontsize=7, ncol=2, loc="upper right")


def save_gif(frames: Sequence[np.ndarray], path: str | os.PathLike, fps: float = 4.0) -> Path:
    """Write uint8 (H, W) or (H, W, C) frames as a looping GIF (a single channel as greyscale)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = [np.asarray(f) for f in frames]
    imageio.mimsave(path, [f[..., 0] if f.ndim == 3 and f.shape[-1] == 1 else f for f in frames], duration=1.0 / fps, loop=0)
    return path


def save_figure(fig: plt.Figure, path: str | os.PathLike) -> Path:
    """Write ``fig`` as a PNG (its folder made if needed) and close it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
