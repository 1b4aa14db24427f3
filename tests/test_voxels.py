"""The procedural voxel shapes: deterministic, distinct classes with random proportions, resting on the floor; drawings."""

import numpy as np
import pytest
from conftest import CUBE_OFF

from gan_cookbook.common.data import DataError
from gan_cookbook.common.voxels import (
    CLASSES,
    HELD_OUT,
    ShapeEvaluator,
    draw_grid,
    draw_turntable,
    iou,
    load_meshes,
    nearest_iou,
    not_shapes,
    procedural_shape,
    procedural_shapes,
    read_mesh,
    render,
    shifted,
    turntable_frames,
    voxelise,
)


def test_a_shape_depends_on_seed_class_and_index_alone():
    voxels, labels = procedural_shapes(4, seed=3)
    assert voxels.shape == (4 * len(CLASSES), 32, 32, 32, 1) and voxels.dtype == np.float32
    assert set(np.unique(voxels)) == {0.0, 1.0} and list(labels) == [k for k in range(len(CLASSES)) for _ in range(4)]
    again, _ = procedural_shapes(2, seed=3, start=2)  # a later slice is the same shapes
    assert np.array_equal(again[0], voxels[2]) and np.array_equal(again[2], voxels[6])
    assert not np.array_equal(procedural_shapes(1, seed=4)[0], procedural_shapes(1, seed=3)[0])


@pytest.mark.parametrize("kind", CLASSES)
def test_every_class_varies_rests_on_the_floor_and_stays_inside(kind):
    shapes = [procedural_shape(kind, i) for i in range(8)]
    for shape in shapes:
        filled = np.argwhere(shape)
        assert 100 < len(filled) < 0.5 * shape.size, f"{kind}: {len(filled)} voxels"
        assert filled[:, 2].min() == 0  # on the floor
        assert filled[:, 2].max() < 31  # below the ceiling
        centre = filled[:, :2].mean(axis=0)
        assert np.all(np.abs(centre - 15.5) < 6), f"{kind} off centre: {centre}"
    overlaps = [iou(a, b) for i, a in enumerate(shapes) for b in shapes[i + 1 :]]
    assert np.mean(np.array(overlaps) > 0.999) < 0.1  # random proportions: hardly any two alike on the grid


def test_the_classes_differ_more_from_each_other_than_within():
    voxels, labels = procedural_shapes(6, seed=0)
    same = [iou(voxels[i], voxels[j]) for i in range(len(voxels)) for j in range(i + 1, len(voxels)) if labels[i] == labels[j]]
    other = [iou(voxels[i], voxels[j]) for i in range(len(voxels)) for j in range(i + 1, len(voxels)) if labels[i] != labels[j]]
    assert np.mean(same) > np.mean(other)


def test_iou():
    a, b = np.zeros((4, 4, 4)), np.zeros((4, 4, 4))
    a[:2], b[1:3] = 1, 1
    assert iou(a, b) == pytest.approx(1 / 3) and iou(a, a) == 1.0 and iou(b * 0, a * 0) == 1.0


def test_grids_and_turntables_are_drawn(tmp_path):
    voxels, _ = procedural_shapes(1, size=12)
    draw_grid(voxels[:2], tmp_path / "grid.png", titles=["table", "chair"])
    assert (tmp_path / "grid.png").stat().st_size > 1000
    frames = turntable_frames(voxels[1], frames=3, size=96)
    assert frames.shape == (3, 96, 96, 3) and frames.dtype == np.uint8
    assert not np.array_equal(frames[0], frames[1])  # the view turns
    draw_turntable(voxels[1], tmp_path / "turn.gif", frames=2)
    assert (tmp_path / "turn.gif").stat().st_size > 1000


def test_render_draws_the_surface_nearest_first_and_lit():
    empty = np.zeros((16, 16, 16))
    assert (render(empty, size=48) == 255).all()
    small, large = empty.copy(), empty.copy()
    small[6:10, 6:10, :4], large[2:14, 2:14, :12] = 1, 1
    drawn = [(render(grid, size=48) < 255).any(axis=-1).sum() for grid in (small, large)]
    assert 0 < drawn[0] < drawn[1]
    cube = render(large, size=48)
    assert len(np.unique(cube.reshape(-1, 3), axis=0)) >= 3  # white, and faces lit differently
    chair = procedural_shape("chair", 0)
    assert not np.array_equal(render(chair, azimuth=0), render(chair, azimuth=180))  # the back is on one side


def test_nearest_iou_is_the_largest_pairwise_iou():
    rng = np.random.default_rng(0)
    samples, shapes = rng.random((5, 6, 6, 6, 1)), rng.random((7, 6, 6, 6, 1))
    expected = [max(iou(s, t) for t in shapes) for s in samples]
    assert np.allclose(nearest_iou(samples, shapes, chunk=2), expected)
    assert np.allclose(nearest_iou(shapes, shapes), 1.0)


def test_the_shape_classifier_names_held_out_shapes():
    """The asset scripts/train_shape_classifier.py made: held-out shapes, never trained on."""
    held, labels = procedural_shapes(20, start=HELD_OUT + 500)
    evaluator = ShapeEvaluator()
    assert np.mean(evaluator.probabilities(held).argmax(axis=1) == labels) >= 0.95
    training, _ = procedural_shapes(30)
    scores = evaluator.scores(held, training)
    assert 0.1 < scores["min_class_fraction"] <= scores["max_class_fraction"] < 0.2  # 1/7 each, or nearly
    assert scores["mean_confidence"] >= 0.9 and set(scores["class_fractions"]) == set(CLASSES)
    assert 0.3 < scores["nearest_iou_median"] < 1.0  # similar shapes, no copies
    assert evaluator.scores(training[:7], training)["nearest_iou_median"] == 1.0
    assert scores["not_a_shape"] == 0.0
    noise = evaluator.scores(np.random.default_rng(1).random((20, 32, 32, 32, 1)))  # no shape: rejected, not a confident chair
    assert noise["not_a_shape"] >= 0.9 and noise["mean_confidence"] < 0.2


def test_not_shapes_and_shifts():
    junk = not_shapes(8, seed=1)
    assert junk.shape == (8, 32, 32, 32, 1) and np.array_equal(junk, not_shapes(8, seed=1))
    shape = procedural_shapes(1)[0][:1]
    moved = shifted(np.repeat(shape, 20, axis=0), np.random.default_rng(0))
    centres = [np.argwhere(m[..., 0])[:, :2].mean(axis=0) for m in moved]
    assert len({tuple(np.round(c, 3)) for c in centres}) > 5  # moved by different amounts
    assert all(m.sum() <= shape.sum() for m in moved) and max(m.sum() for m in moved) == shape.sum()


def test_a_closed_mesh_becomes_a_solid_grid_in_the_shapes_frame(tmp_path):
    (tmp_path / "cube.off").write_text(CUBE_OFF)
    vertices, triangles = read_mesh(tmp_path / "cube.off")
    assert vertices.shape == (8, 3) and triangles.shape == (12, 3)
    solid, shell = voxelise(vertices, triangles, size=16), voxelise(vertices, triangles, size=16, fill=False)
    filled = np.argwhere(solid)
    assert filled.min(axis=0).tolist() == [1, 1, 0] and filled.max(axis=0).tolist() == [14, 14, 13]  # centred, on the floor
    assert solid.sum() == 14**3 and shell.sum() == 14**3 - 12**3  # a hollow shell, filled
    # ModelNet's header quirk, and the same cube as an .obj of triangles with slashes and negative indices
    (tmp_path / "quirk.off").write_text("OFF8 6 0\n" + CUBE_OFF.split("\n", 2)[2])
    assert np.array_equal(voxelise(*read_mesh(tmp_path / "quirk.off"), size=16), solid)
    obj = "".join(f"v {x} {y} {z}\n" for x, y, z in vertices)
    obj += "".join(f"f {a + 1}/1 {b + 1}/1 {c - 8}\n" for a, b, c in triangles)
    (tmp_path / "cube.obj").write_text(obj)
    assert np.array_equal(voxelise(*read_mesh(tmp_path / "cube.obj"), size=16), solid)


def test_meshes_load_by_class_folder_and_split_and_bad_files_are_one_clear_error(tmp_path):
    for name in ("chair/train/a.off", "chair/test/b.off", "desk/train/c.off"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(CUBE_OFF)
    voxels, labels, classes = load_meshes(tmp_path, size=8, split="train")
    assert voxels.shape == (2, 8, 8, 8, 1) and classes == ["chair", "desk"] and labels.tolist() == [0, 1]
    (tmp_path / "broken.off").write_text("OFF\n3 1 0\n0 0 0\n1 0 0\n")
    with pytest.raises(DataError, match="cannot read the mesh .*broken.off"):
        read_mesh(tmp_path / "broken.off")
    with pytest.raises(DataError, match="holds no .off or .obj meshes"):
        load_meshes(tmp_path / "chair", split="validation")
