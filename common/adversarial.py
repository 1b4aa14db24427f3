"""Adversarial examples (GANs in Action ch. 10): FGSM and PGD against an MNIST classifier, and PGD training.

Goodfellow, Shlens and Szegedy (2015), the fast gradient sign method, one step of size eps:

    x' = clip_[0,1]( x + eps * sign(grad_x L(f(x), y)) )

Madry et al. (2018), projected gradient descent: from a random start in the eps-ball, ``steps``
steps of ``step_size`` in the gradient's sign direction, each projected back into the ball
{x' : |x' - x|_inf <= eps} and onto [0, 1]. Their MNIST challenge setting: eps = 0.3, 40 steps of 0.01.
Adversarial training (Madry et al.) fits the classifier to PGD examples of each batch instead of
the batch itself: min_theta E max_{|d| <= eps} L(f(x + d), y).

Images are in [0, 1] here, the attacks' units; the classifiers read this repository's [-1, 1]
(``to_model``). Gradients come from :func:`gan_cookbook.common.template.input_gradients`, so this
runs on every Keras backend.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import layers, ops

from gan_cookbook.common.template import input_gradients

MADRY = {"eps": 0.3, "steps": 40, "step_size": 0.01}  # the MNIST challenge's attack


def to_model(x01):
    """[0, 1] pixels -> the [-1, 1] this repository's classifiers read."""
    return x01 * 2.0 - 1.0


def mnist_cnn(seed: int = 0) -> keras.Model:
    """A small MNIST CNN (Madry et al.'s shape at half the width, sized for a CPU): two 5x5 conv + max-pool
    blocks of 16 and 32 filters, a dense layer of 256, 10 logits. Reads (28, 28, 1) in [-1, 1]."""
    init = keras.initializers.GlorotUniform(seed)
    return keras.Sequential(
        [
            keras.Input((28, 28, 1), name="image"),
            layers.Conv2D(16, 5, padding="same", activation="relu", kernel_initializer=init),
            layers.MaxPooling2D(),
            layers.Conv2D(32, 5, padding="same", activation="relu", kernel_initializer=init),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(256, activation="relu", kernel_initializer=init),
            layers.Dense(10, name="logits", kernel_initializer=init),
        ],
        name="mnist_cnn",
    )


def outputs_logits(model: keras.Model, x01: np.ndarray) -> bool:
    """Whether ``model`` outputs logits (False: probabilities, rows of non-negative numbers summing to 1)."""
    out = ops.convert_to_numpy(model(to_model(x01[:8]), training=False))
    return not (np.all(out >= 0) and np.allclose(out.sum(1), 1.0, atol=1e-3))


def loss_gradient(model: keras.Model, x01: np.ndarray, y: np.ndarray, from_logits: bool) -> np.ndarray:
    """d L(f(x), y) / dx for each image of the batch, in [0, 1] pixel units (L: cross-entropy)."""

    def loss(x):
        return keras.losses.sparse_categorical_crossentropy(y, model(to_model(x), training=False), from_logits=from_logits)

    return ops.convert_to_numpy(input_gradients(loss, ops.convert_to_tensor(x01)))


def fgsm(model: keras.Model, x01: np.ndarray, y: np.ndarray, eps: float, from_logits: bool = True) -> np.ndarray:
    """One signed-gradient step of size ``eps``, clipped to [0, 1]."""
    return np.clip(x01 + eps * np.sign(loss_gradient(model, x01, y, from_logits)), 0.0, 1.0).astype(np.float32)


def pgd(
    model: keras.Model,
    x01: np.ndarray,
    y: np.ndarray,
    eps: float,
    steps: int = 40,
    step_size: float = 0.01,
    rng: np.random.Generator | None = None,
    from_logits: bool = True,
) -> np.ndarray:
    """Madry et al.'s attack: a uniform random start in the eps-ball, then ``steps`` signed-gradient steps,
    each projected back into the ball and onto [0, 1]."""
    rng = rng or np.random.default_rng(0)
    adversarial = np.clip(x01 + rng.uniform(-eps, eps, x01.shape), 0.0, 1.0).astype(np.float32)
    for _ in range(steps):
        adversarial = adversarial + step_size * np.sign(loss_gradient(model, adversarial, y, from_logits))
        adversarial = np.clip(np.clip(adversarial, x01 - eps, x01 + eps), 0.0, 1.0).astype(np.float32)
    return adversarial


def sign_noise(x01: np.ndarray, eps: float, rng: np.random.Generator) -> np.ndarray:
    """Random noise of the attacks' L-inf norm: +-eps on every pixel at random, clipped to [0, 1]."""
    return np.clip(x01 + eps * rng.choice([-1.0, 1.0], x01.shape), 0.0, 1.0).astype(np.float32)


def attack(
    model: keras.Model, x01: np.ndarray, y: np.ndarray, method: str, eps: float, seed: int = 0, batch_size: int = 500, **pgd_settings
) -> np.ndarray:
    """``method`` ("fgsm", "pgd" or "noise") applied to every image, in batches; eps 0 returns the images."""
    if method not in ("fgsm", "pgd", "noise"):
        raise ValueError(f"method must be 'fgsm', 'pgd' or 'noise', got {method!r}")
    if eps == 0:
        return x01.astype(np.float32)
    rng = np.random.default_rng(seed)
    from_logits = outputs_logits(model, x01)
    batches = []
    for start in range(0, len(x01), batch_size):
        x, labels = x01[start : start + batch_size], y[start : start + batch_size]
        if method == "fgsm":
            batches.append(fgsm(model, x, labels, eps, from_logits))
        elif method == "pgd":
            batches.append(pgd(model, x, labels, eps, rng=rng, from_logits=from_logits, **pgd_settings))
        else:
            batches.append(sign_noise(x, eps, rng))
    return np.concatenate(batches)


def predict(model: keras.Model, x01: np.ndarray, batch_size: int = 1000) -> np.ndarray:
    """The classes ``model`` assigns to [0, 1] images."""
    batches = [model(to_model(x01[i : i + batch_size]), training=False) for i in range(0, len(x01), batch_size)]
    return np.concatenate([ops.convert_to_numpy(ops.argmax(b, -1)) for b in batches])


def accuracy(model: keras.Model, x01: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(predict(model, x01) == y))


def train_classifier(
    model: keras.Model,
    x01: np.ndarray,
    y: np.ndarray,
    epochs: int,
    batch_size: int = 100,
    learning_rate: float = 1e-3,
    adversarial: dict | None = None,
    seed: int = 0,
    verbose: int = 1,
) -> keras.Model:
    """Adam on cross-entropy; with ``adversarial`` (PGD settings: eps, steps, step_size, and ramp_steps over which
    eps grows from 0), each batch is replaced by its PGD examples against the current weights (Madry et al.'s
    adversarial training)."""
    model.compile(keras.optimizers.Adam(learning_rate), keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    rng = np.random.default_rng(seed)
    steps = len(x01) // batch_size
    settings = dict(adversarial or {})
    ramp = settings.pop("ramp_steps", 0)
    for epoch in range(epochs):
        order = rng.permutation(len(x01))
        progbar = keras.utils.Progbar(steps, verbose=verbose, stateful_metrics=["loss", "accuracy"])
        for step in range(steps):
            batch = order[step * batch_size : (step + 1) * batch_size]
            x, labels = x01[batch], y[batch]
            if adversarial:  # eps grows linearly over the first ramp_steps steps, then stays
                eps = settings["eps"] * min(1.0, (epoch * steps + step + 1) / ramp) if ramp else settings["eps"]
                x = pgd(model, x, labels, **{**settings, "eps": eps}, rng=rng)
            logs = model.train_on_batch(to_model(x), labels, return_dict=True)
            progbar.update(step + 1, [("loss", logs["loss"]), ("accuracy", logs["accuracy"])])
    return model


def classifier_of(model: keras.Model) -> keras.Model:
    """``model`` if it maps (28, 28, 1) images to 10 class scores; one clear error otherwise."""
    inputs, outputs = model.inputs, model.outputs
    if len(inputs) != 1 or tuple(inputs[0].shape[1:]) != (28, 28, 1) or len(outputs) != 1 or tuple(outputs[0].shape[1:]) != (10,):
        shapes = f"{[tuple(i.shape) for i in inputs]} -> {[tuple(o.shape) for o in outputs]}"
        raise ValueError(f"not an MNIST classifier: it maps {shapes}, not (None, 28, 28, 1) -> (None, 10)")
    return model
