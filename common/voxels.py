"""3-D shapes as voxel grids: a procedural dataset of furniture and primitives, and drawings of grids.

    voxels, labels = procedural_shapes(100, seed=0)     # (700, 32, 32, 32, 1) occupancies in {0, 1}, classes 0-6
    draw_grid(voxels[:16], "shapes.png")                # each grid drawn as cubes, 4 x 4
    draw_turntable(voxels[0], "turn.gif")               # one grid seen from all around

The dataset stands in for ModelNet (Wu et al. 2016) where it cannot be downloaded: seven classes,
each a parametric model whose proportions are drawn at random (a table's top, height and legs; a
chair's seat, legs and back; ...), axis-aligned, resting on the floor (z = 0 is the lowest layer),
centred in x and y. Shape ``i`` of class ``k`` depends only on ``(seed, k, i)``, so a subset, a
split or a resumed run always sees the same shapes.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np

CLASSES = ("table", "chair", "bed", "box", "sphere", "cylinder", "torus")


class Space:
    """The voxel centres of a ``size``^3 grid in units of voxels, z up, as three broadcastable arrays."""

    def __init__(self, size: int) -> None:
        self.size = size
        axis = np.arange(size, dtype=np.float32) + 0.5
        self.x, self.y, self.z = axis[:, None, None], axis[None, :, None], axis[None, None, :]
        self.centre = size / 2

    def box(self, x: tuple[float, float], y: tuple[float, float], z: tuple[float, float]) -> np.ndarray:
        """The voxels whose centres lie in [x0, x1) x [y0, y1) x [z0, z1)."""
        return (x[0] <= self.x) & (self.x < x[1]) & (y[0] <= self.y) & (self.y < y[1]) & (z[0] <= self.z) & (self.z < z[1])

    def ellipsoid(self, centre: tuple[float, float, float], radii: tuple[float, float, float]) -> np.ndarray:
        (cx, cy, cz), (rx, ry, rz) = centre, radii
        return ((self.x - cx) / rx) ** 2 + ((self.y - cy) / ry) ** 2 + ((self.z - cz) / rz) ** 2 <= 1

    def cylinder(self, radius: float, z: tuple[float, float]) -> np.ndarray:
        """An upright cylinder on the grid's vertical axis."""
        c = self.centre
        return ((self.x - c) ** 2 + (self.y - c) ** 2 <= radius**2) & (z[0] <= self.z) & (self.z < z[1])

    def torus(self, major: float, minor: float, height: float) -> np.ndarray:
        """A torus lying flat around the vertical axis, its tube's centre at ``height``."""
        c = self.centre
        ring = np.sqrt((self.x - c) ** 2 + (self.y - c) ** 2) - major
        return ring**2 + (self.z - height) ** 2 <= minor**2

    def legs(self, half_x: float, half_y: float, width: float, height: float) -> np.ndarray:
        """Four square legs of ``width`` at the corners of a 2 half_x by 2 half_y footprint, from the floor to ``height``."""
        c, mask = self.centre, np.zeros((self.size,) * 3, bool)
        for sx in (-1, 1):
            for sy in (-1, 1):
                x0 = c + sx * half_x - (width if sx > 0 else 0)
                y0 = c + sy * half_y - (width if sy > 0 else 0)
                mask |= self.box((x0, x0 + width), (y0, y0 + width), (0, height))
        return mask


def table(space: Space, rng: np.random.Generator) -> np.ndarray:
    s, c = space.size, space.centre
    half_x, half_y = rng.uniform(0.25, 0.45) * s, rng.uniform(0.2, 0.4) * s
    height, top, leg = rng.uniform(0.35, 0.6) * s, rng.uniform(1.5, 3.5), rng.uniform(1.5, 3.0)
    slab = space.box((c - half_x, c + half_x), (c - half_y, c + half_y), (height - top, height))
    return slab | space.legs(half_x, half_y, leg, height)


def chair(space: Space, rng: np.random.Generator) -> np.ndarray:
    s, c = space.size, space.centre
    half = rng.uniform(0.18, 0.3) * s
    seat, thickness, leg = rng.uniform(0.3, 0.45) * s, rng.uniform(1.5, 3.0), rng.uniform(1.5, 2.5)
    back_top, back = min(seat + rng.uniform(0.3, 0.5) * s, s - 1), rng.uniform(1.5, 3.0)
    shape = space.box((c - half, c + half), (c - half, c + half), (seat - thickness, seat))
    shape |= space.legs(half, half, leg, seat)
    shape |= space.box((c - half, c - half + back), (c - half, c + half), (seat, back_top))  # the back, on one side
    return np.rot90(shape, k=int(rng.integers(4)), axes=(0, 1))


def bed(space: Space, rng: np.random.Generator) -> np.ndarray:
    s, c = space.size, space.centre
    half_long, half_wide = rng.uniform(0.3, 0.47) * s, rng.uniform(0.15, 0.3) * s
    legs, mattress = rng.uniform(1.5, 5.0), rng.uniform(0.1, 0.22) * s
    head, board = min(legs + mattress + rng.uniform(0.1, 0.4) * s, s - 1), rng.uniform(1.5, 3.0)
    shape = space.box((c - half_long, c + half_long), (c - half_wide, c + half_wide), (legs, legs + mattress))
    shape |= space.legs(half_long, half_wide, 2.0, legs)
    shape |= space.box((c - half_long, c - half_long + board), (c - half_wide, c + half_wide), (0, head))  # the headboard
    if rng.random() < 0.5:  # a footboard, lower
        foot = legs + mattress + rng.uniform(0.0, 0.15) * s
        shape |= space.box((c + half_long - board, c + half_long), (c - half_wide, c + half_wide), (0, foot))
    return np.rot90(shape, k=int(rng.integers(4)), axes=(0, 1))


def box(space: Space, rng: np.random.Generator) -> np.ndarray:
    s, c = space.size, space.centre
    half_x, half_y, height = rng.uniform(0.15, 0.45) * s, rng.uniform(0.15, 0.45) * s, rng.uniform(0.25, 0.9) * s
    return space.box((c - half_x, c + half_x), (c - half_y, c + half_y), (0, height))


def sphere(space: Space, rng: np.random.Generator) -> np.ndarray:
    """An ellipsoid up to 25% from round, resting on the floor."""
    s, c = space.size, space.centre
    radius = rng.uniform(0.25, 0.45) * s
    radii = tuple(radius * rng.uniform(0.8, 1.05, 3))
    return space.ellipsoid((c, c, radii[2]), radii)


def cylinder(space: Space, rng: np.random.Generator) -> np.ndarray:
    s = space.size
    return space.cylinder(rng.uniform(0.15, 0.45) * s, (0, rng.uniform(0.3, 0.95) * s))


def torus(space: Space, rng: np.random.Generator) -> np.ndarray:
    s = space.size
    minor = rng.uniform(0.07, 0.15) * s
    major = rng.uniform(minor + 0.08 * s, 0.48 * s - minor)
    return space.torus(major, minor, minor)


BUILDERS: dict[str, Callable[[Space, np.random.Generator], np.ndarray]] = {
    "table": table, "chair": chair, "bed": bed, "box": box, "sphere": sphere, "cylinder": cylinder, "torus": torus,
}  # fmt: skip


def procedural_shape(kind: str, index: int, seed: int = 0, size: int = 32) -> np.ndarray:
    """Shape ``index`` of class ``kind`` (a name in :data:`CLASSES`) for ``seed``: a (size, size, size) bool grid."""
    if kind not in BUILDERS:
        raise ValueError(f"no shape class {kind!r}; choose from {', '.join(CLASSES)}")
    rng = np.random.default_rng([seed, CLASSES.index(kind), index])
    return BUILDERS[kind](Space(size), rng)


def procedural_shapes(per_class: int, seed: int = 0, size: int = 32, start: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Shapes ``start`` to ``start + per_class - 1`` of every class: occupancies (N, size, size, size, 1) float32 in
    {0, 1}, and their classes (N,) int, class by class."""
    grids = [procedural_shape(kind, start + i, seed, size) for kind in CLASSES for i in range(per_class)]
    labels = np.repeat(np.arange(len(CLASSES)), per_class)
    return np.stack(grids)[..., None].astype(np.float32), labels


def iou(a: np.ndarray, b: np.ndarray, threshold: float = 0.5) -> float:
    """Intersection over union of two occupancy grids (above ``threshold`` counts as filled)."""
    a, b = np.asarray(a) > threshold, np.asarray(b) > threshold
    union = np.logical_or(a, b).sum()
    return float(np.logical_and(a, b).sum() / union) if union else 1.0


# -- drawings ------------------------------------------------------------------------------------
def _draw(ax, grid: np.ndarray, threshold: float, azimuth: float, elevation: float = 25.0) -> None:
    filled = np.asarray(grid).reshape(grid.shape[:3]) > threshold
    ax.voxels(filled, facecolors="#6c8ebf", edgecolor="#2b3f5c", linewidth=0.1)
    n = filled.shape[0]
    ax.set(xlim=(0, n), ylim=(0, n), zlim=(0, n))
    ax.view_init(elev=elevation, azim=azimuth)
    ax.set_box_aspect((1, 1, 1))
    ax.set_axis_off()


def draw_grid(voxels: np.ndarray, path: str | os.PathLike, columns: int | None = None, titles: list[str] | None = None,
              threshold: float = 0.5, azimuth: float = -60.0) -> None:  # fmt: skip
    """Grids (N, n, n, n[, 1]) drawn as cubes side by side into an image file (``samples.png``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(voxels)
    columns = columns or int(np.ceil(np.sqrt(n)))
    rows = int(np.ceil(n / columns))
    fig = plt.figure(figsize=(2 * columns, 2 * rows))
    for i, grid in enumerate(voxels):
        ax = fig.add_subplot(rows, columns, i + 1, projection="3d")
        _draw(ax, grid, threshold, azimuth)
        if titles:
            ax.set_title(titles[i], fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def turntable_frames(grid: np.ndarray, frames: int = 24, size: int = 256, threshold: float = 0.5) -> np.ndarray:
    """One grid seen from ``frames`` azimuths all around: (frames, size, size, 3) uint8 images."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(size / 80, size / 80), dpi=80)
    ax = fig.add_subplot(projection="3d")
    images = []
    for azimuth in np.linspace(0, 360, frames, endpoint=False):
        ax.clear()
        _draw(ax, grid, threshold, azimuth)
        fig.canvas.draw()
        images.append(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())
    plt.close(fig)
    return np.stack(images)


def draw_turntable(grid: np.ndarray, path: str | os.PathLike, frames: int = 24, fps: float = 12.0) -> None:
    """A GIF of one grid turning once around the vertical axis."""
    import imageio.v2 as imageio

    imageio.mimsave(path, list(turntable_frames(grid, frames)), duration=1 / fps, loop=0)
