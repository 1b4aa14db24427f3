"""The evaluator and its scores: real digits score near the floor, broken generators far from it."""

import numpy as np
import pytest

from gan_cookbook.common.metrics import (
    Evaluator,
    MNISTReference,
    broken_generators,
    frechet_distance,
    image_similarity,
    inception_score,
    nearest_distances,
)

N = 2_000


@pytest.fixture(scope="module")
def reference() -> MNISTReference:
    return MNISTReference()


def test_the_committed_evaluator_classifies_mnist_test_above_99_percent(mnist_test):
    x, y = mnist_test
    _, probs = Evaluator()(x)
    assert (probs.argmax(axis=1) == y).mean() >= 0.99


def test_the_reference_statistics_are_computed_once_and_read_back(tmp_path, monkeypatch, mnist_test, reference):
    monkeypatch.setenv("GAN_COOKBOOK_CACHE", str(tmp_path))
    x = mnist_test[0]

    def reference_of(images):
        fresh = MNISTReference(evaluator=reference.evaluator)
        fresh.test_set = (images, None)
        return fresh

    computed = reference_of(x[:300]).test_gaussian
    assert len(list(tmp_path.glob("reference_gaussian_*.npz"))) == 1
    np.testing.assert_array_equal(computed[1], np.cov(reference.evaluator(x[:300])[0].astype(np.float64), rowvar=False))
    with monkeypatch.context() as patched:
        patched.setattr(Evaluator, "__call__", lambda *args: pytest.fail("featurised again"))
        for a, b in zip(reference_of(x[:300]).test_gaussian, computed):
            np.testing.assert_array_equal(a, b)  # read back: the same values
    other = reference_of(x[300:600]).test_gaussian  # other images: statistics and a file of their own
    assert not np.array_equal(other[0], computed[0]) and len(list(tmp_path.glob("reference_gaussian_*.npz"))) == 2


def test_frechet_distance_of_known_gaussians():
    rng = np.random.default_rng(0)
    s = np.cov(rng.normal(size=(500, 4)), rowvar=False)
    mu = np.zeros(4)
    assert frechet_distance((mu, s), (mu, s)) == pytest.approx(0, abs=1e-6)
    assert frechet_distance((mu, s), (mu + 2, s)) == pytest.approx(16, rel=1e-6)
    # diagonal covariances: Tr(S1 + S2 - 2 sqrt(S1 S2)) = sum (sqrt(a) - sqrt(b))^2
    assert frechet_distance((mu, np.diag([1, 4, 9, 16.0])), (mu, np.eye(4))) == pytest.approx(0 + 1 + 4 + 9)


def test_inception_score_bounds():
    assert inception_score(np.tile(np.eye(10), (100, 1))) == pytest.approx(10, rel=1e-6)
    assert inception_score(np.tile(np.eye(10)[:1], (1000, 1))) == pytest.approx(1, rel=1e-6)


def test_real_digits_score_near_the_floor_and_broken_generators_far_from_it(reference, mnist_train):
    real = mnist_train[:N]
    floor = reference.evaluate(real, memorisation_samples=200)
    assert floor["fid"] < 1 and floor["inception_score"] > 9.5
    assert 0.07 < floor["min_class_fraction"] and floor["max_class_fraction"] < 0.13
    broken = {name: reference.evaluate(images, 200) for name, images in broken_generators(real).items()}
    for name, scores in broken.items():
        assert scores["fid"] > 50, name  # the trained recipes reach single digits
    assert broken["one repeated digit"]["inception_score"] < 1.1 and broken["one repeated digit"]["max_class_fraction"] == 1.0
    assert broken["blurred digits"]["inception_score"] < floor["inception_score"] - 1


def test_memorisation_spots_copies_of_training_images(reference, mnist_train):
    copies = reference.evaluate(mnist_train[:300], memorisation_samples=300)["memorisation"]
    fresh = reference.evaluate(reference.test_images[:300], memorisation_samples=300)["memorisation"]
    assert copies["ratio"] < 0.01  # each is its own nearest neighbour (up to float32 rounding)
    assert fresh["ratio"] == pytest.approx(1, rel=1e-6)


def test_nearest_distances_are_euclidean():
    refs = np.array([[0.0, 0.0], [3.0, 4.0]])
    assert nearest_distances(np.array([[3.0, 4.0], [0.0, 1.0]]), refs, batch_size=1).tolist() == pytest.approx([0, 1], abs=1e-3)


def test_the_evaluator_rejects_other_shapes():
    with pytest.raises(ValueError, match=r"\(N, 28, 28, 1\) or \(N, 32, 32, 1\), got \(2, 32, 32, 3\)"):
        Evaluator()(np.zeros((2, 32, 32, 3), np.float32))


def test_code_accuracy_finds_the_best_one_to_one_map():
    import itertools

    from gan_cookbook.common.metrics import code_accuracy

    rng = np.random.default_rng(0)
    codes, digits = rng.integers(0, 5, 300), rng.integers(0, 10, 300)
    counts = np.zeros((5, 10), int)
    np.add.at(counts, (codes, digits), 1)
    brute = max(sum(counts[c, p[c]] for c in range(5)) for p in itertools.permutations(range(10), 5)) / 300
    result = code_accuracy(digits, codes)
    assert result["code_accuracy"] == pytest.approx(brute) and len(set(result["code_to_digit"])) == 5
    # every code drawing the same digit: the majority map scores 1, the one-to-one map 1/k
    collapsed = code_accuracy(np.zeros(100, int), np.arange(100) % 10)
    assert collapsed["code_accuracy_majority"] == 1.0 and collapsed["code_accuracy"] == pytest.approx(0.1)


def test_psnr_and_ssim_are_tensorflows_computed_in_numpy():
    tf = pytest.importorskip("tensorflow")
    rng = np.random.default_rng(0)
    for shape, noise in (((6, 64, 64, 3), 0.3), ((6, 28, 28, 1), 0.05)):
        a = rng.uniform(-1, 1, shape).astype(np.float32)
        b = np.clip(a + rng.normal(0, noise, shape), -1, 1).astype(np.float32)
        scores = image_similarity(a, b)
        x, y = tf.constant((a + 1) / 2), tf.constant((b + 1) / 2)
        assert scores["psnr"] == pytest.approx(float(tf.reduce_mean(tf.image.psnr(x, y, 1.0))), abs=1e-4)
        assert scores["ssim"] == pytest.approx(float(tf.reduce_mean(tf.image.ssim(x, y, 1.0))), abs=1e-5)
    same = image_similarity(a, a)
    assert same["psnr"] == 100.0 and same["ssim"] == pytest.approx(1.0) and same["l1"] == 0.0
    with pytest.raises(ValueError, match="at least 11x11"):
        image_similarity(a[:, :8, :8], a[:, :8, :8])
