"""Scoring generated MNIST digits with a small classifier trained in this repo.

The evaluator (``common/assets/mnist_evaluator.weights.h5``, trained by
``scripts/train_evaluator.py``) is a CNN whose penultimate layer, ``features``, is a
128-unit ReLU layer. From it:

* **FID** - the Frechet distance between Gaussians fitted to those 128-d features of the
  generated images and of the 10,000 MNIST test images. These are not Inception-v3 features,
  so the numbers compare only with other numbers from this evaluator.
* **IS** - the classifier Inception Score, exp E_x KL(p(y|x) || p(y)), the mean over 10
  splits; 10 is the ceiling (every class equally often, each image classified with certainty).
* **Coverage** - the share of samples the evaluator puts in each class (10% each is ideal).
* **Memorisation** - the pixel distance from each sample to its nearest training image,
  beside the same distance for unseen test images (GANs in Action, fig. 5.3). A ratio well
  below 1 means samples sit closer to the training set than fresh digits do: copying.
"""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path

import keras
import numpy as np
from keras import layers

from gan_cookbook.common import plots
from gan_cookbook.common.data import MNIST_32, cached_arrays, code_key, crop_to, load_mnist
from gan_cookbook.common.template import Stream, generate, predict, random_stream, recompute_batchnorm_statistics

EVALUATOR_PATH = Path(__file__).parent / "assets" / "mnist_evaluator.weights.h5"


# -- the evaluator classifier ------------------------------------------------------------------
def build_evaluator() -> keras.Model:
    """The classifier: images in [-1, 1], (28, 28, 1) -> 10 class probabilities."""

    def conv(filters: int) -> list[layers.Layer]:
        return [layers.Conv2D(filters, 3, padding="same", use_bias=False), layers.BatchNormalization(), layers.ReLU()]

    return keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            *conv(32), *conv(32), layers.MaxPooling2D(),
            *conv(64), *conv(64), layers.MaxPooling2D(),
            *conv(128), layers.GlobalAveragePooling2D(),
            layers.Dense(128, activation="relu", name="features"),
            layers.Dropout(0.3),
            layers.Dense(10, activation="softmax", name="probs"),
        ],
        name="mnist_evaluator",
    )  # fmt: skip


def fit_classifier(
    images: np.ndarray, labels: np.ndarray, epochs: int = 4, seed: int = 0, validation: tuple | None = None, verbose: int = 0
) -> keras.Model:
    """The evaluator's network trained on ``images`` (N, 28, 28, 1) in [-1, 1] and ``labels``: Adam 1e-3 with
    cosine decay, batch 128, ``epochs`` passes, seeded."""
    keras.utils.set_random_seed(seed)
    model = build_evaluator()
    schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=max(1, epochs * (len(images) // 128)))
    model.compile(keras.optimizers.Adam(schedule), "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(images, labels, batch_size=128, epochs=epochs, validation_data=validation, verbose=verbose)
    return model


def train_evaluator(path: str | os.PathLike = EVALUATOR_PATH, epochs: int = 4, seed: int = 0, data: str | None = None) -> float:
    """Train the classifier on MNIST train, save its weights to ``path``; return test accuracy."""
    x_test, y_test = load_mnist(data, "test")
    model = fit_classifier(*load_mnist(data, "train"), epochs, seed, validation=(x_test, y_test), verbose=2)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    model.save_weights(path)
    return float(model.evaluate(x_test, y_test, verbose=0)[1])


def transfer_accuracy(
    images: np.ndarray, labels: np.ndarray, test_images: np.ndarray, test_labels: np.ndarray, epochs: int = 4, seed: int = 0
) -> float:
    """Accuracy on ``test_images`` of :func:`fit_classifier` trained only on ``images`` (SimGAN's test:
    train on synthetic or refined digits with their known labels, test on real MNIST).

    Its BatchNorm statistics are refitted to the training images before the test: after a few hundred
    steps the moving averages still lag the network's weights (at 10,000 images and 4 epochs the
    classifier scored 21% on its own training images in inference mode, against 99.98% in training).
    """
    model = fit_classifier(images, labels, epochs, seed)
    recompute_batchnorm_statistics(model, images[:10_000])
    probs = np.concatenate([model.predict_on_batch(test_images[i : i + 1000]) for i in range(0, len(test_images), 1000)])
    return float(np.mean(np.argmax(probs, axis=1) == test_labels))


class Evaluator:
    """Features and class probabilities of MNIST-shaped images in [-1, 1]."""

    def __init__(self, path: str | os.PathLike = EVALUATOR_PATH) -> None:
        if not Path(path).is_file():
            raise FileNotFoundError(f"evaluator weights {path} not found; run scripts/train_evaluator.py to make them")
        classifier = build_evaluator()
        classifier.load_weights(path)
        x = h = keras.Input((28, 28, 1))
        outputs = {}
        for layer in classifier.layers:  # re-call the layers to expose the penultimate output too
            h = outputs[layer.name] = layer(h)
        self.model = keras.Model(x, [outputs["features"], h])

    def __call__(self, images: np.ndarray, batch_size: int = 1000) -> tuple[np.ndarray, np.ndarray]:
        if images.ndim == 4 and images.shape[1:] == MNIST_32:
            images = crop_to(images, 28)  # MNIST padded to 32x32, cropped back to the digits' own 28x28
        if images.ndim != 4 or images.shape[1:] != (28, 28, 1):
            raise ValueError(f"the MNIST evaluator takes images of shape (N, 28, 28, 1) or (N, 32, 32, 1), got {images.shape}")
        outputs = [self.model.predict_on_batch(images[i : i + batch_size]) for i in range(0, len(images), batch_size)]
        return np.concatenate([f for f, _ in outputs]), np.concatenate([p for _, p in outputs])


# -- the scores ---------------------------------------------------------------------------------
def gaussian(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    features = features.astype(np.float64)
    return features.mean(axis=0), np.cov(features, rowvar=False)


def frechet_distance(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> float:
    """||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^1/2) for Gaussians ``(mu, S)``.

    Tr (S_a S_b)^1/2 is computed as the sum of square roots of the eigenvalues of the
    symmetric matrix S_a^1/2 S_b S_a^1/2, which has the same spectrum.
    """
    (mu_a, s_a), (mu_b, s_b) = a, b
    w, v = np.linalg.eigh(s_a)
    root_a = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    cross = np.linalg.eigvalsh(root_a @ s_b @ root_a)
    trace_root = np.sqrt(np.clip(cross, 0, None)).sum()
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(s_a) + np.trace(s_b) - 2 * trace_root)


def inception_score(probs: np.ndarray, splits: int = 10) -> float:
    scores = []
    for part in np.array_split(probs.astype(np.float64), splits):
        marginal = part.mean(axis=0, keepdims=True)
        kl = (part * (np.log(part + 1e-12) - np.log(marginal + 1e-12))).sum(axis=1)
        scores.append(np.exp(kl.mean()))
    return float(np.mean(scores))


def class_fractions(probs: np.ndarray, classes: int = 10) -> np.ndarray:
    return np.bincount(probs.argmax(axis=1), minlength=classes) / len(probs)


def code_accuracy(digits: np.ndarray, codes: np.ndarray, classes: int = 10) -> dict:
    """How well an unsupervised categorical code (InfoGAN's) names the digit the evaluator sees.

    ``code_accuracy``: the share of samples classified as their code's digit under the best
    one-to-one map of codes to digits (Hungarian matching, solved exactly by a DP over subsets);
    ``code_accuracy_majority``: the same with each code mapped to its most frequent digit, which
    may send two codes to one digit.
    """
    k = int(codes.max()) + 1
    if k > classes:
        raise ValueError(f"{k} codes cannot map one-to-one onto {classes} digits")
    counts = np.zeros((k, classes), dtype=np.int64)
    np.add.at(counts, (codes, digits), 1)
    # best[mask] = most samples matched when codes 0..popcount(mask)-1 took the digits in mask
    best, choice = {0: 0}, {}
    for mask in sorted(range(1 << classes), key=int.bit_count):
        code = mask.bit_count()
        if mask not in best or code == k:
            continue
        for digit in range(classes):
            if not mask >> digit & 1:
                nxt, value = mask | 1 << digit, best[mask] + counts[code, digit]
                if value > best.get(nxt, -1):
                    best[nxt], choice[nxt] = value, (mask, digit)
    mask = max((m for m in best if m.bit_count() == k), key=best.get)
    matching = [0] * k
    for code in reversed(range(k)):
        mask, matching[code] = choice[mask]
    majority = counts.argmax(axis=1)
    return {
        "code_accuracy": float(counts[np.arange(k), matching].sum() / len(codes)),
        "code_to_digit": matching,
        "code_accuracy_majority": float(counts[np.arange(k), majority].sum() / len(codes)),
        "code_to_digit_majority": majority.tolist(),
    }


def nearest_neighbours(queries: np.ndarray, references: np.ndarray, batch_size: int = 500) -> tuple[np.ndarray, np.ndarray]:
    """For each query image, the index of its nearest reference image in Euclidean pixel distance, and that distance."""
    q = queries.reshape(len(queries), -1).astype(np.float32)
    r = references.reshape(len(references), -1).astype(np.float32)
    r_sq = (r**2).sum(axis=1)
    indices, distances = [], []
    for i in range(0, len(q), batch_size):
        chunk = q[i : i + batch_size]
        d2 = (chunk**2).sum(axis=1, keepdims=True) - 2 * chunk @ r.T + r_sq
        indices.append(d2.argmin(axis=1))
        distances.append(np.sqrt(np.clip(d2.min(axis=1), 0, None)))
    return np.concatenate(indices), np.concatenate(distances)


def nearest_distances(queries: np.ndarray, references: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Euclidean pixel distance from each query image to its nearest reference image."""
    return nearest_neighbours(queries, references, batch_size)[1]


def broken_generators(real: np.ndarray, seed: int = 0) -> dict[str, np.ndarray]:
    """Stand-ins for failed generators, the size of ``real``: what any trained model must beat."""
    blurred = real.copy()
    for _ in range(3):  # a 3x3 box blur three times, edges padded
        padded = np.pad(blurred, ((0, 0), (1, 1), (1, 1), (0, 0)), mode="edge")
        blurred = sum(padded[:, i : i + real.shape[1], j : j + real.shape[2]] for i in range(3) for j in range(3)) / 9
    return {
        "uniform noise": np.random.default_rng(seed).uniform(-1, 1, real.shape).astype(np.float32),
        "blurred digits": blurred.astype(np.float32),
        "one repeated digit": np.repeat(real[:1], len(real), axis=0),
    }


def stacked_modes(evaluator: Evaluator, images: np.ndarray) -> dict:
    """Stacked MNIST's scores: the evaluator reads each channel's digit, and the image's mode is the three
    digits (1,000 modes). ``modes``: how many modes the images reach; ``kl``: KL(modes' histogram || uniform)."""
    if images.ndim != 4 or images.shape[1:] != (28, 28, 3):
        raise ValueError(f"Stacked MNIST images have shape (N, 28, 28, 3), got {images.shape}")
    digits = [evaluator(images[..., k : k + 1])[1].argmax(axis=1) for k in range(3)]
    counts = np.bincount(100 * digits[0] + 10 * digits[1] + digits[2], minlength=1000)
    p = counts / counts.sum()
    kl = float(np.sum(p[p > 0] * np.log(p[p > 0] * 1000)))
    return {"samples": len(images), "modes": int((counts > 0).sum()), "kl": kl}


def mode_coverage(samples: np.ndarray, means: np.ndarray, sd: float) -> dict:
    """PacGAN's mode-coverage scores of 2-D ``samples`` against a mixture's ``means`` and ``sd``.

    A sample is high quality when it lies within 3 sd of some mode; a mode is covered when at
    least one sample lies within 3 sd of it.
    """
    distances = np.linalg.norm(samples[:, None, :] - means[None, :, :], axis=-1)
    near = distances <= 3 * sd
    return {"modes": int(near.any(axis=0).sum()), "of": len(means), "high_quality": float(near.any(axis=1).mean())}


def image_similarity(images: np.ndarray, targets: np.ndarray, batch_size: int = 500) -> dict[str, float]:
    """Mean L1 (on a 0-1 scale), PSNR (dB) and SSIM of ``images`` against ``targets``, both in [-1, 1].

    PSNR and SSIM are computed on [0, 1] pixels as ``tf.image.psnr`` and ``tf.image.ssim`` compute them
    (an 11x11 Gaussian window of sigma 1.5, valid positions only, k1 = 0.01, k2 = 0.03), in numpy, so
    on every backend; a test checks them against TensorFlow's.
    """
    if images.shape != targets.shape:
        raise ValueError(f"images {images.shape} and targets {targets.shape} must have the same shape")
    l1, psnr, ssim = [], [], []
    for i in range(0, len(images), batch_size):
        a = (images[i : i + batch_size].astype(np.float64) + 1) / 2
        b = (targets[i : i + batch_size].astype(np.float64) + 1) / 2
        l1.append(np.mean(np.abs(a - b), axis=(1, 2, 3)))
        with np.errstate(divide="ignore"):
            psnr.append(-10 * np.log10(np.mean((a - b) ** 2, axis=(1, 2, 3))))
        ssim.append(structural_similarity(a, b))
    psnr = np.minimum(np.concatenate(psnr), 100.0)  # identical images: infinite PSNR, capped
    return {"l1": float(np.mean(np.concatenate(l1))), "psnr": float(np.mean(psnr)), "ssim": float(np.mean(np.concatenate(ssim)))}


def luminance(images: np.ndarray) -> np.ndarray:
    """The luma of RGB images in [-1, 1] as the super-resolution papers measure it (MATLAB's ``rgb2ycbcr``, ITU-R
    BT.601: Y = 16 + 65.481 R + 128.553 G + 24.966 B on [0, 1] pixels, in [16, 235] of 255), back on the [-1, 1]
    scale, (N, H, W, 1); one-channel images are their own luma."""
    if images.shape[-1] == 1:
        return images
    rgb = (images.astype(np.float64) + 1) / 2
    y = (16 + rgb @ np.array([65.481, 128.553, 24.966])) / 255
    return (2 * y - 1)[..., None].astype(np.float32)


def super_resolution_similarity(images: np.ndarray, targets: np.ndarray, border: int) -> dict[str, float]:
    """:func:`image_similarity` as Ledig et al. report it: on the luma (:func:`luminance`), with ``border`` pixels
    (the scale factor) cropped from each side."""
    crop = slice(border, -border) if border else slice(None)
    return image_similarity(luminance(images)[:, crop, crop], luminance(targets)[:, crop, crop])


def structural_similarity(a: np.ndarray, b: np.ndarray, size: int = 11, sigma: float = 1.5) -> np.ndarray:
    """SSIM (Wang et al. 2004) of each pair of (N, H, W, C) images in [0, 1]: the mean over valid window positions
    and channels of luminance x contrast-structure, under a ``size`` x ``size`` Gaussian window."""
    from numpy.lib.stride_tricks import sliding_window_view

    if min(a.shape[1:3]) < size:
        raise ValueError(f"SSIM needs images of at least {size}x{size} pixels, got {a.shape[1:3]}")
    window = np.exp(-0.5 * ((np.arange(size) - (size - 1) / 2) / sigma) ** 2)
    window /= window.sum()

    def blur(x: np.ndarray) -> np.ndarray:  # separable, valid positions only
        x = sliding_window_view(x, size, axis=1) @ window
        return sliding_window_view(x, size, axis=2) @ window

    c1, c2 = 0.01**2, 0.03**2
    mean_a, mean_b = blur(a), blur(b)
    var_a, var_b = blur(a * a) - mean_a**2, blur(b * b) - mean_b**2
    covariance = blur(a * b) - mean_a * mean_b
    luminance = (2 * mean_a * mean_b + c1) / (mean_a**2 + mean_b**2 + c1)
    contrast_structure = (2 * covariance + c2) / (var_a + var_b + c2)
    return np.mean(luminance * contrast_structure, axis=(1, 2, 3))


def sharpness(images: np.ndarray) -> float:
    """Mean magnitude of the image gradient (finite differences on a 0-1 scale, over pixels and channels):
    blur lowers it, so an output below its target's is smoother than the real thing."""
    x = (np.asarray(images, np.float32) + 1) / 2
    dy, dx = np.diff(x, axis=1)[:, :, :-1], np.diff(x, axis=2)[:, :-1]
    return float(np.mean(np.sqrt(dy**2 + dx**2)))


def classifier_accuracy(model: keras.Model, images: np.ndarray, labels: np.ndarray, output: str = "class", batch_size: int = 1000) -> dict:
    """How often a discriminator's class head (its ``output``) names the label of ``images``
    (SGAN's classifier, ACGAN's auxiliary head). Runs in inference mode (no noise, no dropout)."""
    hit = predict(model, images, batch_size)[output].argmax(axis=1) == labels
    per_class = [round(float(hit[labels == k].mean()), 4) for k in np.unique(labels)]
    return {"test_accuracy": float(hit.mean()), "test_accuracy_per_class": per_class}


class MNISTReference:
    """The real side of every comparison: reference-set feature statistics and the training images.

    ``split`` "test" (MNIST's test set) is for reports; "validation" (the last 10,000 training
    images, which a run with ``validation`` does not train on) is for choosing settings.
    """

    def __init__(self, evaluator: Evaluator | None = None, data: str | os.PathLike | None = None, split: str = "test") -> None:
        self.data, self.split = data, split
        if evaluator is not None:
            self.evaluator = evaluator

    @cached_property
    def evaluator(self) -> Evaluator:
        return Evaluator()

    @cached_property
    def test_set(self) -> tuple[np.ndarray, np.ndarray]:
        """The reference images and labels: MNIST's test set, or the validation images."""
        return load_mnist(self.data, self.split)

    @property
    def test_images(self) -> np.ndarray:
        return self.test_set[0]

    @cached_property
    def train_images(self) -> np.ndarray:
        return load_mnist(self.data, "fit" if self.split == "validation" else "train")[0]

    @cached_property
    def test_gaussian(self) -> tuple[np.ndarray, np.ndarray]:
        """The reference images' feature Gaussian (mean, covariance). Kept in the cache folder under a hash of the
        images, the evaluator's weights and the backend: a run scores against it without featurising 10,000 images."""
        import hashlib

        digest = hashlib.sha256(np.ascontiguousarray(self.test_images).tobytes())
        for weights in self.evaluator.model.get_weights():
            digest.update(weights.tobytes())
        key = f"{digest.hexdigest()} {keras.backend.backend()} {code_key(gaussian)}"
        statistics = cached_arrays(
            "reference_gaussian", key, lambda: dict(zip(("mean", "covariance"), gaussian(self.evaluator(self.test_images)[0])))
        )
        return statistics["mean"], statistics["covariance"]

    def fid(self, images: np.ndarray) -> float:
        return frechet_distance(gaussian(self.evaluator(images)[0]), self.test_gaussian)

    def evaluate(
        self, images: np.ndarray, memorisation_samples: int = 1000, asked: np.ndarray | None = None, codes: np.ndarray | None = None
    ) -> dict:
        """All the scores of ``images`` (N, 28, 28, 1) in [-1, 1] (or 32x32, cropped), as a JSON-ready dict.

        ``asked``: the class each image was generated for (conditional GANs); adds
        ``label_accuracy``, the share the evaluator classifies as that class, overall and per class.
        ``codes``: the categorical code of each image (InfoGAN, no labels); adds ``code_accuracy``
        under the best one-to-one map of codes to digits (see :func:`code_accuracy`).
        """
        images = crop_to(images, 28) if images.shape[1:] == MNIST_32 else images
        features, probs = self.evaluator(images)
        fractions = class_fractions(probs)
        n = min(memorisation_samples, len(images))
        sample_nn = nearest_distances(images[:n], self.train_images)
        test_nn = nearest_distances(self.test_images[:n], self.train_images)
        labelled = {}
        if asked is not None:
            hit = probs.argmax(axis=1) == asked
            labelled = {
                "label_accuracy": float(hit.mean()),
                "label_accuracy_per_class": [round(float(hit[asked == k].mean()), 4) for k in np.unique(asked)],
            }
        if codes is not None:
            labelled = code_accuracy(probs.argmax(axis=1), codes)
        return {
            "samples": len(images),
            "fid": frechet_distance(gaussian(features), self.test_gaussian),
            "inception_score": inception_score(probs),
            "class_fractions": [round(float(f), 4) for f in fractions],
            "min_class_fraction": float(fractions.min()),
            "max_class_fraction": float(fractions.max()),
            "memorisation": {
                "sample_nn_median": float(np.median(sample_nn)),
                "test_nn_median": float(np.median(test_nn)),
                "ratio": float(np.median(sample_nn) / np.median(test_nn)),
            },
            **labelled,
        }

    def floor(self, n: int = 10_000) -> dict:
        """Scores of ``n`` real training images (the floor) and of the broken generators beside them."""
        real = self.train_images[:n]
        scores = {"real training images": self.evaluate(real)}
        for name, images in broken_generators(real).items():
            scores[name] = self.evaluate(images)
        return scores


def reference_for(config, data: str | os.PathLike | None = None) -> MNISTReference | None:
    """What a run is scored against, from its config: for MNIST-shaped images, MNIST's test set (or, for a
    ``validation`` run, the held-out training images); Stacked MNIST's runs need only the evaluator; None
    for other shapes."""
    if config.dataset == "stacked_mnist":
        return MNISTReference(data=data)
    if tuple(config.image_shape) in ((28, 28, 1), MNIST_32):
        return MNISTReference(data=data, split="validation" if config.validation else "test")
    return None


class PointTracker(keras.callbacks.Callback):
    """A measurement every ``every`` steps, kept in ``<name>_history.json`` and drawn in ``<name>.png``.

    Subclasses say what one point holds (:meth:`measure`) and how the points are drawn
    (:meth:`plot`). A resumed run keeps the points up to the step it resumes from.
    """

    name = ""

    def __init__(self, reference: MNISTReference, every: int) -> None:
        super().__init__()
        self.reference, self.every = reference, every

    def on_train_begin(self, logs=None) -> None:
        self.path = Path(self.params["out"]) / f"{self.name}_history.json"
        done = len(next(iter(self.params["history"].values()), []))
        points = json.loads(self.path.read_text()) if self.path.exists() else []
        self.points = [p for p in points if p["step"] <= done]

    def on_train_batch_end(self, step: int, logs=None) -> None:
        if not (self.every and step % self.every == 0):
            return
        self.points.append({"step": step, **self.measure()})
        self.path.write_text(json.dumps(self.points, indent=1))
        self.plot(self.points, self.path.with_name(f"{self.name}.png"))

    def measure(self) -> dict[str, float]:
        raise NotImplementedError

    def plot(self, points: list[dict], path: Path) -> None:
        raise NotImplementedError


class FIDTracker(PointTracker):
    """FID of ``n`` samples every ``every`` steps: ``fid_history.json`` and ``fid.png``.

    With a weight-averaged generator, the FID of the raw generator is tracked beside it.
    """

    name = "fid"

    def __init__(self, reference: MNISTReference, every: int, n: int = 10_000, seed: int = 0) -> None:
        super().__init__(reference, every)
        self.n, self.seed = n, seed

    def on_train_begin(self, logs=None) -> None:
        super().on_train_begin(logs)
        self.inputs = self.model.sample_inputs(self.n, random_stream(self.seed, Stream.FID))

    def measure(self) -> dict[str, float]:
        gan = self.model
        point = {"fid": self.reference.fid(generate(gan.sampler, self.inputs))}
        if gan.averaged_generator is not None:
            point["fid_raw_generator"] = self.reference.fid(generate(gan.drawing(gan.generator), self.inputs))
        return point

    def plot(self, points: list[dict], path: Path) -> None:
        plot_fid_history(points, path)


class TestAccuracyTracker(PointTracker):
    """The discriminator's class-head accuracy on the MNIST test set every ``every`` steps:
    ``test_accuracy_history.json`` and ``test_accuracy.png`` (SGAN's learning curve)."""

    name = "test_accuracy"

    def measure(self) -> dict[str, float]:
        gan, test = self.model, self.reference.test_set
        point = {"test_accuracy": classifier_accuracy(gan.evaluated_discriminator, *test, gan.classifier)["test_accuracy"]}
        if gan.averaged_discriminator is not None:
            point["test_accuracy_raw"] = classifier_accuracy(gan.discriminator, *test, gan.classifier)["test_accuracy"]
        return point

    def plot(self, points: list[dict], path: Path) -> None:
        names = {"test_accuracy": "D's class head", "test_accuracy_raw": "the raw D (not averaged)"}
        if "test_accuracy_raw" in points[-1]:
            names["test_accuracy"] = "the averaged D"
        series = {label: [p[key] for p in points] for key, label in names.items() if key in points[-1]}
        plots.save_metric_curve([p["step"] for p in points], series, path, metric="test accuracy", log=False)


def plot_fid_history(points: list[dict], path: str | os.PathLike) -> Path:
    """``fid.png`` from FIDTracker's points: the sampled generator's FID, and the raw one's if averaged."""
    labels = {"fid": "FID", "fid_raw_generator": "FID of the raw generator"}
    if "fid_raw_generator" in points[0]:
        labels["fid"] = "FID of the averaged generator"
    series = {label: [p[key] for p in points] for key, label in labels.items() if key in points[0]}
    return plots.save_metric_curve([p["step"] for p in points], series, path)
