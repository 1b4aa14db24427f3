"""The four building blocks every recipe subclasses: Generator, Discriminator, Loss and GAN.

This file imports nothing of ours: copy it beside a recipe's files and they run.

The Keras 3 freeze
------------------
The classic recipe compiles the discriminator, sets ``discriminator.trainable = False``,
compiles the combined model and alternates ``train_on_batch``. Keras 2 read the flag at
compile time; Keras 3 reads it when a train function is *traced*, so the classic order
leaves the discriminator untrained. Here the freeze is a property of the composite model,
not a flag: a :class:`Composite` names the one part its optimizer updates, and its
``trainable_weights`` are that part's, whatever the flags, the call order or a retrace.
One adversarial step is two ``train_on_batch`` calls on two composites::

    discriminator_step: (x, z) -> {real: D(x), fake: D(G(z))}    trains D; G frozen inside
    combined:                z -> D(G(z))                          trains G; D frozen inside

each with its own optimizer (two compiled models cannot share one).

Normalisation. Layer flags stay ``trainable=True``, so a BatchNormalization in the frozen
part runs in training mode (batch statistics) in both steps, and the generator is trained
against the very function the discriminator step has just fitted. A Keras layer with
``trainable=False`` would instead run BatchNorm in inference mode on its moving averages:
the generator then fools a different network, and measured here that run collapsed to a
single digit. The moving averages are statistics, not weights: they follow whatever passes
through in training mode, and nothing in training reads them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

import keras
import numpy as np
from keras import ops


class ConfigError(ValueError):
    """A hyper-parameter name or value that the recipe does not have."""


@dataclass
class GANConfig:
    """Hyper-parameters shared by every recipe; a recipe subclasses it with its paper's values.

    ``presets`` maps a preset name to field overrides: ``quick`` is a smoke run of seconds,
    ``reference`` is exactly the run behind the recipe's README figures.
    """

    image_shape: tuple[int, int, int] = (28, 28, 1)
    latent_dim: int = 100
    batch_size: int = 64
    steps: int = 10_000
    learning_rate: float = 2e-4
    learning_rate_decay: bool = False  # decay linearly to 0 over `steps`
    beta_1: float = 0.5
    label_smoothing: float = 0.0
    generator_average: float = 0.0  # momentum of a moving average of G's weights to sample from; 0 = none
    seed: int = 0
    jit_compile: bool = False
    dataset: str = "mnist"
    sample_every: int = 500
    checkpoint_every: int = 1_000
    eval_every: int = 0
    eval_samples: int = 10_000

    presets: ClassVar[dict[str, dict[str, Any]]] = {}

    def replace(self, **changes: Any) -> GANConfig:
        """A copy with ``changes`` applied; unknown names raise a clear error."""
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise ConfigError(f"{type(self).__name__} has no field(s) {unknown}; known: {sorted(names)}")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> GANConfig:
        """Inverse of :meth:`to_dict` (JSON turns tuples into lists; this turns them back)."""
        return cls().replace(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


class Generator:
    """Builds the generator network: latent vector ``z`` -> image in [-1, 1]."""

    def __init__(self, config: GANConfig) -> None:
        self.config = config

    def build(self) -> keras.Model:
        raise NotImplementedError


class Discriminator:
    """Builds the discriminator network: image -> one unbounded score (a logit) per image."""

    def __init__(self, config: GANConfig) -> None:
        self.config = config

    def build(self) -> keras.Model:
        raise NotImplementedError


class Loss:
    """The adversarial objective in the classic labelled form.

    The discriminator is fitted to ``(real, real_label)`` and ``(fake, fake_label)``, the
    generator to ``(fake, generator_label)``. Subclasses change the labels and the two
    per-sample losses; this base class is the non-saturating GAN of Goodfellow et al. (2014):
    binary cross-entropy on logits, with optional one-sided label smoothing.
    """

    fake_label: float = 0.0
    generator_label: float = 1.0
    threshold: float = 0.0  # a score above it means "real"

    def __init__(self, config: GANConfig) -> None:
        self.config = config
        self.real_label = 1.0 - config.label_smoothing

    def discriminator(self, y_true, y_pred):
        return keras.losses.binary_crossentropy(y_true, y_pred, from_logits=True)

    def generator(self, y_true, y_pred):
        return keras.losses.binary_crossentropy(y_true, y_pred, from_logits=True)

    def accuracy(self, y_true, y_pred):
        """Fraction of images the discriminator puts on the right side of ``threshold``."""
        said_real = y_pred > self.threshold
        is_real = y_true > (self.real_label + self.fake_label) / 2
        return ops.mean(ops.cast(ops.equal(said_real, is_real), "float32"))


class Composite(keras.Model):
    """A functional model whose optimizer updates one named part and nothing else.

    ``trainable_weights`` is the trainable part's, read each time it is asked for, so the
    rest of the graph is frozen whatever the layers' ``trainable`` flags say or when the
    train function is traced (Keras 3 traces on first use and after shape changes).
    ``non_trainable_variables`` is the complement, which stateless backends need: the same
    freeze holds on JAX (checked on an H100), though this project runs and tests TensorFlow.
    """

    def __init__(self, inputs, outputs, trainable_part: keras.Model, name: str) -> None:
        super().__init__(inputs=inputs, outputs=outputs, name=name)
        self._trainable_part = trainable_part.name

    @property
    def trainable_part(self) -> keras.Model:
        return self.get_layer(self._trainable_part)

    @property
    def trainable_weights(self) -> list:
        return self.trainable_part.trainable_weights if self.trainable else []

    @property
    def trainable_variables(self) -> list:  # what the optimizer is built with
        return self.trainable_weights

    @property
    def non_trainable_weights(self) -> list:
        return self._frozen(self.weights)

    @property
    def non_trainable_variables(self) -> list:  # what stateless backends (JAX) carry as state
        return self._frozen(self.variables)

    def _frozen(self, variables: list) -> list:
        trained = {id(v) for v in self.trainable_weights}
        return [v for v in variables if id(v) not in trained]


class GAN:
    """Builds the two composites from the three blocks and makes one adversarial step.

    Recipes override only what makes them that recipe: the composites' inputs, the
    optimizers, or :meth:`train_step`.
    """

    def __init__(self, config: GANConfig, generator: Generator, discriminator: Discriminator, loss: Loss) -> None:
        self.config = config
        self.loss = loss
        self.generator = generator.build()
        self.discriminator = discriminator.build()
        self.discriminator_step, self.combined = self.build_composites()
        self.compile()
        self.averaged_generator = generator.build() if config.generator_average else None

    # -- the models ---------------------------------------------------------------------------
    def build_composites(self) -> tuple[Composite, Composite]:
        g, d = self.generator, self.discriminator
        x = keras.Input(self.config.image_shape, name="x")
        z = keras.Input((self.config.latent_dim,), name="z")
        discriminator_step = Composite([x, z], {"real": d(x), "fake": d(g(z))}, trainable_part=d, name="discriminator_step")
        z = keras.Input((self.config.latent_dim,), name="z")
        combined = Composite(z, d(g(z)), trainable_part=g, name="combined")
        return discriminator_step, combined

    def make_optimizer(self, name: str) -> keras.optimizers.Optimizer:
        """One fresh optimizer per compiled model; ``name`` is "discriminator" or "generator"."""
        c = self.config
        rate = c.learning_rate
        if c.learning_rate_decay:
            rate = keras.optimizers.schedules.PolynomialDecay(rate, decay_steps=c.steps, end_learning_rate=0.0)
        average = name == "generator" and c.generator_average > 0  # kept inside the compiled step
        return keras.optimizers.Adam(rate, beta_1=c.beta_1, use_ema=average, ema_momentum=c.generator_average, name=name)

    def compile(self) -> None:
        loss, jit = self.loss, self.config.jit_compile
        self.discriminator_step.compile(
            optimizer=self.make_optimizer("discriminator"),
            loss={"real": loss.discriminator, "fake": loss.discriminator},
            loss_weights={"real": 0.5, "fake": 0.5},  # the mean over all 2B images
            metrics={"real": [loss.accuracy], "fake": [loss.accuracy]},
            jit_compile=jit,
        )
        self.combined.compile(optimizer=self.make_optimizer("generator"), loss=loss.generator, jit_compile=jit)

    # -- one step -----------------------------------------------------------------------------
    def sample_latent(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return rng.standard_normal((n, self.config.latent_dim), dtype=np.float32)

    def labels(self, n: int, value: float) -> np.ndarray:
        return np.full((n, 1), value, dtype=np.float32)

    def train_step(self, real: np.ndarray, rng: np.random.Generator) -> dict[str, float]:
        """One discriminator update, then one generator update, each by ``train_on_batch``."""
        n, loss = len(real), self.loss
        d = self.discriminator_step.train_on_batch(
            [real, self.sample_latent(n, rng)],
            {"real": self.labels(n, loss.real_label), "fake": self.labels(n, loss.fake_label)},
            return_dict=True,
        )
        g = self.combined.train_on_batch(self.sample_latent(n, rng), self.labels(n, loss.generator_label), return_dict=True)
        return {
            "d_loss": d["loss"],
            "g_loss": g["loss"],
            "d_acc_real": d["real_accuracy"],
            "d_acc_fake": d["fake_accuracy"],
        }

    # -- using the generator ------------------------------------------------------------------
    @property
    def sampler(self) -> keras.Model:
        """The generator to draw samples from.

        With ``generator_average`` set, the generator's optimizer keeps an exponential moving
        average of G's weights (Keras ``use_ema``; Yazici et al. 2019, as in ProGAN and
        BigGAN), and this is a copy of G holding that average.
        """
        if self.averaged_generator is None:
            return self.generator
        optimizer = self.combined.optimizer
        self.averaged_generator.set_weights(self.generator.get_weights())  # BatchNorm statistics too
        if optimizer.built:
            optimizer.finalize_variable_values(self.averaged_generator.trainable_variables)
        return self.averaged_generator

    def generate(self, z: np.ndarray, batch_size: int = 500) -> np.ndarray:
        """Images in [-1, 1] for latent vectors ``z``, in inference mode, from :attr:`sampler`."""
        return generate(self.sampler, z, batch_size)

    @property
    def optimizers(self) -> dict[str, keras.optimizers.Optimizer]:
        return {"discriminator": self.discriminator_step.optimizer, "generator": self.combined.optimizer}


def generate(generator: keras.Model, z: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Run ``generator`` over ``z`` in chunks with ``predict_on_batch`` (no input pipeline)."""
    chunks = [generator.predict_on_batch(z[i : i + batch_size]) for i in range(0, len(z), batch_size)]
    return np.concatenate(chunks).astype(np.float32)
