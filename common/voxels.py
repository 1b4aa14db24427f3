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
from pathlib import Path

import keras
import numpy as np
from keras import layers

CLASSES = ("table", "chair", "bed", "box", "sphere", "cylinder", "torus")
SHAPE_CLASSIFIER_PATH = Path(__file__).parent / "assets" / "shape_classifier.weights.h5"
MESH_SUFFIXES = (".off", ".obj")
HELD_OUT = 1_000_000  # shapes from this index on are never trained on: the classifier's test set


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


def nearest_iou(samples: np.ndarray, shapes: np.ndarray, threshold: float = 0.5, chunk: int = 256) -> np.ndarray:
    """For each sample, its largest IoU with any of ``shapes`` (both occupancy grids, filled above ``threshold``):
    near 1 for a copy of a training shape. (N,) float."""
    flat = (np.asarray(shapes).reshape(len(shapes), -1) > threshold).astype(np.float32)
    sizes = flat.sum(axis=1)
    best = []
    for i in range(0, len(samples), chunk):
        part = (np.asarray(samples[i : i + chunk]).reshape(-1, flat.shape[1]) > threshold).astype(np.float32)
        both = part @ flat.T
        union = part.sum(axis=1, keepdims=True) + sizes[None] - both
        best.append(np.max(np.where(union > 0, both / np.maximum(union, 1), 1.0), axis=1))
    return np.concatenate(best)


# -- users' meshes (ModelNet's .off, or .obj) -----------------------------------------------------------
def read_mesh(path: str | os.PathLike) -> tuple[np.ndarray, np.ndarray]:
    """The vertices (V, 3) and triangles (F, 3) of an ``.off`` or ``.obj`` file (polygons split into fans).

    Reads ModelNet's files too, whose first line joins "OFF" and the counts ("OFF490 518 0").
    """
    from gan_cookbook.common.data import DataError

    path = Path(path)
    try:
        lines = [line.split("#")[0].strip() for line in path.read_text(errors="replace").splitlines()]
        lines = [line for line in lines if line]
        if path.suffix.lower() == ".off":
            if not lines or not lines[0].upper().startswith("OFF"):
                raise ValueError("no OFF header")
            header = lines[0][3:].split() or lines.pop(1).split()
            vertex_count, face_count = int(header[0]), int(header[1])
            body = lines[1:]
            vertices = np.array([[float(v) for v in line.split()[:3]] for line in body[:vertex_count]])
            faces = [line.split() for line in body[vertex_count : vertex_count + face_count]]
            polygons = [[int(i) for i in face[1 : 1 + int(face[0])]] for face in faces]
        elif path.suffix.lower() == ".obj":
            vertices = np.array([[float(v) for v in line.split()[1:4]] for line in lines if line.startswith("v ")])
            polygons = []
            for line in lines:
                if line.startswith("f "):  # "f 1 2 3" or "f 1/1/1 2/2/2 3/3/3"; negative indices count back
                    indices = [int(token.split("/")[0]) for token in line.split()[1:]]
                    polygons.append([i - 1 if i > 0 else len(vertices) + i for i in indices])
        else:
            raise ValueError("not an .off or .obj file")
        triangles = np.array([[p[0], p[k], p[k + 1]] for p in polygons for k in range(1, len(p) - 1)], dtype=np.int64)
        if vertices.ndim != 2 or vertices.shape[1] != 3 or not len(triangles) or triangles.min() < 0 or triangles.max() >= len(vertices):
            raise ValueError("no faces, or a face names a vertex that is not there")
    except (ValueError, IndexError) as err:
        raise DataError(f"cannot read the mesh {path} ({err}); pass an .off or .obj file with vertices and faces") from None
    return vertices, triangles


def voxelise(vertices: np.ndarray, triangles: np.ndarray, size: int = 32, fill: bool = True) -> np.ndarray:
    """A mesh as a (size, size, size) bool grid in this module's frame: the longest side spans size - 2 voxels,
    centred in x and y, resting on the floor (z up). Its surface is sampled densely (points no more than a
    third of a voxel apart); with ``fill`` every voxel the outside cannot reach is filled too (a closed
    mesh becomes solid, as the procedural shapes are)."""
    vertices = np.asarray(vertices, np.float64)
    low, high = vertices.min(axis=0), vertices.max(axis=0)
    scale = (size - 2) / max(float((high - low).max()), 1e-12)
    points = (vertices - low) * scale
    points[:, :2] += (size - (high - low)[:2] * scale) / 2  # centred in x and y; z from the floor
    points = np.clip(points, points.min(axis=0) + 1e-6, points.max(axis=0) - 1e-6)  # faces on voxel borders fall inside
    a, b, c = (points[triangles[:, k]] for k in range(3))
    longest = np.maximum.reduce([np.linalg.norm(b - a, axis=1), np.linalg.norm(c - a, axis=1), np.linalg.norm(c - b, axis=1)])
    steps = np.clip(np.ceil(longest * 3), 1, 200).astype(int)  # samples per side
    grid = np.zeros((size,) * 3, bool)
    for n in np.unique(steps):  # triangles with the same sampling at once
        chosen = steps == n
        u, v = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
        keep = u + v <= n
        u, v = u[keep] / n, v[keep] / n
        samples = a[chosen, None] + u[None, :, None] * (b - a)[chosen, None] + v[None, :, None] * (c - a)[chosen, None]
        index = np.clip(np.floor(samples.reshape(-1, 3)).astype(int), 0, size - 1)
        grid[index[:, 0], index[:, 1], index[:, 2]] = True
    if fill:  # the outside: grown from the border through empty voxels, one step at a time, until it stops
        empty = np.pad(~grid, 1, constant_values=True)
        outside = np.zeros_like(empty)
        outside[[0, -1]], outside[:, [0, -1]], outside[:, :, [0, -1]] = True, True, True
        while True:
            grown = outside.copy()
            grown[1:] |= outside[:-1]
            grown[:-1] |= outside[1:]
            grown[:, 1:] |= outside[:, :-1]
            grown[:, :-1] |= outside[:, 1:]
            grown[:, :, 1:] |= outside[:, :, :-1]
            grown[:, :, :-1] |= outside[:, :, 1:]
            grown &= empty
            if np.array_equal(grown, outside):
                break
            outside = grown
        grid = ~outside[1:-1, 1:-1, 1:-1]
    return grid


def load_meshes(folder: str | os.PathLike, size: int = 32, split: str | None = None) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Every ``.off`` and ``.obj`` under ``folder``, voxelised: (N, size, size, size, 1) float32 occupancies, their
    classes (N,) and the class names. A file's class is its folder's name, or its folder's folder's where that
    folder is ``train`` or ``test`` (ModelNet10's ``chair/train/chair_0001.off``); ``split`` keeps one of those."""
    from gan_cookbook.common.data import DataError

    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in MESH_SUFFIXES and p.is_file())
    if split is not None:
        files = [p for p in files if p.parent.name == split]
    if not files:
        raise DataError(f"{folder} holds no .off or .obj meshes{f' in {split}/ folders' if split else ''}")
    names = [(p.parent.parent if p.parent.name in ("train", "test") else p.parent).name for p in files]
    classes = sorted(set(names))
    grids = [voxelise(*read_mesh(p), size) for p in files]
    return np.stack(grids)[..., None].astype(np.float32), np.array([classes.index(n) for n in names]), classes


def iou(a: np.ndarray, b: np.ndarray, threshold: float = 0.5) -> float:
    """Intersection over union of two occupancy grids (above ``threshold`` counts as filled)."""
    a, b = np.asarray(a) > threshold, np.asarray(b) > threshold
    union = np.logical_or(a, b).sum()
    return float(np.logical_and(a, b).sum() / union) if union else 1.0


# -- the shape classifier (what the MNIST evaluator is for digits) ---------------------------------
def not_shapes(n: int, seed: int = 0, size: int = 32) -> np.ndarray:
    """``n`` grids that are none of the classes, for the classifier's rejection class: noise of random density,
    smooth random blobs, a few stray voxels, and two shapes of different classes overlaid and shifted apart."""
    rng = np.random.default_rng([seed, 99])
    grids = np.zeros((n, size, size, size), bool)
    for i in range(n):
        kind = i % 4
        if kind == 0:
            grids[i] = rng.random((size,) * 3) < rng.uniform(0.02, 0.6)
        elif kind == 1:  # noise averaged over boxes of width w, thresholded: blobs
            w = int(rng.integers(3, 9))
            noise = np.cumsum(np.cumsum(np.cumsum(rng.random((size + w,) * 3), 0), 1), 2)
            box = noise[w:, w:, w:] - noise[:-w, w:, w:] - noise[w:, :-w, w:] - noise[w:, w:, :-w]
            box += noise[:-w, :-w, w:] + noise[:-w, w:, :-w] + noise[w:, :-w, :-w] - noise[:-w, :-w, :-w]
            grids[i] = box[:size, :size, :size] > np.quantile(box, 1 - rng.uniform(0.05, 0.4))
        elif kind == 2:
            grids[i] = rng.random((size,) * 3) < rng.uniform(0.0, 0.004)
        else:
            first, second = rng.choice(len(CLASSES), 2, replace=False)
            shift = int(rng.integers(4, 10))
            a = np.roll(procedural_shape(CLASSES[first], HELD_OUT // 2 + i, seed, size), -shift, axis=0)
            grids[i] = a | np.roll(procedural_shape(CLASSES[second], HELD_OUT // 2 + i, seed, size), shift, axis=0)
    return grids[..., None].astype(np.float32)


def shifted(voxels: np.ndarray, rng: np.random.Generator, most: int = 3) -> np.ndarray:
    """Each grid moved by up to ``most`` voxels in x and y, zeros filling in: the classifier's augmentation."""
    moved, n = np.zeros_like(voxels), voxels.shape[1]
    for i, (dx, dy) in enumerate(rng.integers(-most, most + 1, (len(voxels), 2))):
        source = slice(max(0, -dx), n - max(0, dx)), slice(max(0, -dy), n - max(0, dy))
        moved[i, max(0, dx) : n - max(0, -dx), max(0, dy) : n - max(0, -dy)] = voxels[i, source[0], source[1]]
    return moved


def build_shape_classifier(size: int = 32) -> keras.Model:
    """Occupancies (size, size, size, 1) in [0, 1] -> probabilities over :data:`CLASSES` and a last class, none of
    them (trained on :func:`not_shapes`); three strided 3-D convolutions, 128 features."""
    x = keras.Input((size, size, size, 1), name="voxels")
    h = x
    for i, filters in enumerate((16, 32, 64)):
        h = layers.Conv3D(filters, 4, strides=2, padding="same", use_bias=i == 0)(h)
        h = layers.BatchNormalization()(h) if i else h
        h = layers.LeakyReLU(0.2)(h)
    h = layers.Dense(128, activation="relu", name="features")(layers.Flatten()(h))
    probabilities = layers.Dense(len(CLASSES) + 1, activation="softmax", name="probs")(layers.Dropout(0.3)(h))
    return keras.Model(x, probabilities, name="shape_classifier")


def train_shape_classifier(path: str | os.PathLike = SHAPE_CLASSIFIER_PATH, per_class: int = 600, epochs: int = 6, seed: int = 0,
                           verbose: int = 2) -> float:  # fmt: skip
    """Train :func:`build_shape_classifier` on shapes 0 to ``per_class`` - 1 of every class (seed 0), each also
    shifted by up to 3 voxels, and 2 ``per_class`` :func:`not_shapes`; save its weights to ``path``; return its
    accuracy on 100 held-out shapes per class (from index :data:`HELD_OUT`)."""
    from gan_cookbook.common.template import recompute_batchnorm_statistics

    keras.utils.set_random_seed(seed)
    shapes, classes = procedural_shapes(per_class)
    junk = not_shapes(2 * per_class, seed)
    voxels = np.concatenate([shapes, shifted(shapes, np.random.default_rng(seed)), junk])
    labels = np.concatenate([classes, classes, np.full(len(junk), len(CLASSES))])
    model = build_shape_classifier(voxels.shape[1])
    steps = epochs * int(np.ceil(len(voxels) / 64))
    rate = keras.optimizers.schedules.CosineDecay(1e-3, steps)
    model.compile(keras.optimizers.Adam(rate), "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(voxels, labels, batch_size=64, epochs=epochs, shuffle=True, verbose=verbose)
    recompute_batchnorm_statistics(model, voxels[np.random.default_rng(seed).permutation(len(voxels))[:2000]], 100)
    weights = build_shape_classifier(voxels.shape[1])  # uncompiled: the file holds no optimizer state
    weights.set_weights(model.get_weights())
    weights.save_weights(path)
    held, held_labels = procedural_shapes(100, start=HELD_OUT)
    return float(np.mean(ShapeEvaluator(path).probabilities(held).argmax(axis=1) == held_labels))


class ShapeEvaluator:
    """Class probabilities of occupancy grids (thresholded at 0.5 first, as a drawing shows them)."""

    def __init__(self, path: str | os.PathLike = SHAPE_CLASSIFIER_PATH) -> None:
        if not Path(path).is_file():
            raise FileNotFoundError(f"shape classifier weights {path} not found; run scripts/train_shape_classifier.py to make them")
        self.model = build_shape_classifier()
        self.model.load_weights(path)

    def probabilities(self, voxels: np.ndarray, batch_size: int = 250) -> np.ndarray:
        from gan_cookbook.common.template import predict

        return predict(self.model, (np.asarray(voxels) > 0.5).astype(np.float32), batch_size)

    def scores(self, samples: np.ndarray, training: np.ndarray | None = None) -> dict:
        """Class coverage of ``samples`` (each class's share of all samples, by the classifier's verdict, and the
        share it calls none of them), its mean confidence (the probability of the likeliest class, so a sample
        that is no shape counts as unsure), and, given the ``training`` shapes, the median nearest-shape IoU."""
        probabilities = self.probabilities(samples)
        shares = np.bincount(probabilities.argmax(axis=1), minlength=len(CLASSES) + 1) / len(samples)
        result = {
            "class_fractions": {name: round(float(share), 4) for name, share in zip(CLASSES, shares)},
            "min_class_fraction": float(shares[:-1].min()),
            "max_class_fraction": float(shares[:-1].max()),
            "not_a_shape": float(shares[-1]),
            "mean_confidence": float(probabilities[:, :-1].max(axis=1).mean()),
        }
        if training is not None:
            result["nearest_iou_median"] = float(np.median(nearest_iou(samples, training)))
        return result


def held_out_nearest_iou(held: np.ndarray, held_labels: np.ndarray, training: np.ndarray, training_labels: np.ndarray) -> float:
    """The median, over ``held`` (shapes never trained on), of each one's largest IoU with a training shape of its
    own class: how near a new shape of the data lies to the training set. A generator whose samples lie nearer
    than that copies its training shapes rather than drawing new ones."""
    nearest = [nearest_iou(held[held_labels == k], training[training_labels == k]) for k in np.unique(held_labels)]
    return float(np.median(np.concatenate(nearest)))


# -- drawings ------------------------------------------------------------------------------------
def render(grid: np.ndarray, azimuth: float = -60.0, elevation: float = 25.0, size: int = 96, threshold: float = 0.5) -> np.ndarray:
    """A shaded picture of an occupancy grid, (size, size, 3) uint8, in milliseconds (numpy alone).

    Each surface voxel is projected orthographically from the direction (``azimuth``, ``elevation``,
    degrees, as matplotlib's ``view_init``), splatted as a square of pixels, kept where it is the
    nearest, and lit by a light from above and in front along the gradient of the occupancy
    (its outward normal). Fast enough for the sample grids drawn during training;
    :func:`draw_grid` draws the cubes themselves.
    """
    occupied = np.asarray(grid, np.float32).reshape(grid.shape[:3]) > threshold
    n = occupied.shape[0]
    picture = np.full((size, size, 3), 255, np.uint8)
    padded = np.pad(occupied, 1)
    inner = padded[:-2, 1:-1, 1:-1] & padded[2:, 1:-1, 1:-1] & padded[1:-1, :-2, 1:-1] & padded[1:-1, 2:, 1:-1]
    inner &= padded[1:-1, 1:-1, :-2] & padded[1:-1, 1:-1, 2:]
    surface = np.argwhere(occupied & ~inner)
    if not len(surface):
        return picture
    a, e = np.radians(azimuth), np.radians(elevation)
    towards = np.array([np.cos(e) * np.cos(a), np.cos(e) * np.sin(a), np.sin(e)])  # from the shape to the viewer
    right = np.array([-np.sin(a), np.cos(a), 0.0])
    up = np.cross(towards, right)
    points = surface + 0.5 - n / 2
    scale = size / (n * 1.45)
    column = np.rint(size / 2 + scale * points @ right).astype(int)
    row = np.rint(size / 2 - scale * points @ up).astype(int)
    depth = points @ towards
    occupancy = padded.astype(np.float32)
    i, j, k = (surface + 1).T
    normal = -np.stack([occupancy[i + 1, j, k] - occupancy[i - 1, j, k], occupancy[i, j + 1, k] - occupancy[i, j - 1, k],
                        occupancy[i, j, k + 1] - occupancy[i, j, k - 1]], axis=1)  # fmt: skip
    normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-6)
    light = towards + np.array([0.0, 0.0, 1.0]) + 0.5 * right
    lit = 0.35 + 0.65 * np.clip(normal @ (light / np.linalg.norm(light)), 0, 1)
    colour = np.outer(lit, [108, 142, 191])  # the drawings' blue
    half = max(1, int(np.ceil(scale * 0.8)))
    offsets = np.arange(-half + 1, half)
    rows = (row[:, None, None] + offsets[None, :, None]).repeat(len(offsets), 2).reshape(len(row), -1)
    columns = (column[:, None, None] + offsets[None, None, :]).repeat(len(offsets), 1).reshape(len(row), -1)
    depths = np.repeat(depth, rows.shape[1])
    colours = np.repeat(colour, rows.shape[1], axis=0)
    rows, columns = rows.ravel(), columns.ravel()
    inside = (rows >= 0) & (rows < size) & (columns >= 0) & (columns < size)
    pixel = rows[inside] * size + columns[inside]
    order = np.lexsort((depths[inside], pixel))  # by pixel, nearest last
    last = np.r_[pixel[order][1:] != pixel[order][:-1], True]
    nearest = order[last]
    picture.reshape(-1, 3)[pixel[nearest]] = colours[inside][nearest].astype(np.uint8)
    return picture


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
    """Grids (N, n, n, n[, 1]) drawn as cubes side by side into a PNG (``samples.png``)."""
    from gan_cookbook.common.plots import plt, save_figure

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
    save_figure(fig, path)


def turntable_frames(grid: np.ndarray, frames: int = 24, size: int = 256, threshold: float = 0.5) -> np.ndarray:
    """One grid seen from ``frames`` azimuths all around: (frames, size, size, 3) uint8 images."""
    from gan_cookbook.common.plots import plt

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
    from gan_cookbook.common.plots import save_gif

    save_gif(turntable_frames(grid, frames), path, fps)
