"""The procedural voxel shapes: deterministic, distinct classes with random proportions, resting on the floor; drawings."""

import numpy as np
import pytest

from gan_cookbook.common.voxels import (
    CLASSES,
    HELD_OUT,
    ShapeEvaluator,
    draw_grid,
    draw_turntable,
    iou,
    nearest_iou,
    not_shapes,
    procedural_shape,
    procedural_shapes,
    render,
    shifted,
    turntable_frames,
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
