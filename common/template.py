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
    discriminator_average: float = 0.0  # the same for D's weights: the D that is saved and evaluated (SGAN's classifier)
    num_classes: int = 0  # > 0: G takes a one-hot class input too (a label, or InfoGAN's categorical code)
    labelled: bool = False  # training reads the dataset's class labels too: batches are (images, labels)
    generator_learning_rate: float = 0.0  # > 0: G's own learning rate (0 = learning_rate for both)
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

    # For recipes whose discriminator also names a class or code (ACGAN, InfoGAN's Q):
    def classification(self, y_true, y_pred):
        """Cross-entropy of class logits against integer classes."""
        return keras.losses.sparse_categorical_crossentropy(y_true, y_pred, from_logits=True)

    def class_accuracy(self, y_true, y_pred):
        """Fraction of images whose largest class logit is the integer class in ``y_true``."""
        return ops.mean(ops.cast(ops.equal(ops.cast(ops.reshape(y_true, (-1,)), "int32"), ops.argmax(y_pred, axis=-1)), "float32"))


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
        self.averaged_discriminator = discriminator.build() if config.discriminator_average else None

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
        rate = c.generator_learning_rate if name == "generator" and c.generator_learning_rate else c.learning_rate
        if c.learning_rate_decay:
            rate = keras.optimizers.schedules.PolynomialDecay(rate, decay_steps=c.steps, end_learning_rate=0.0)
        average = c.generator_average if name == "generator" else c.discriminator_average  # kept inside the compiled step
        return keras.optimizers.Adam(rate, beta_1=c.beta_1, use_ema=average > 0, ema_momentum=average or 0.99, name=name)

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

    @property
    def trains_generator(self) -> bool:
        """False for a run that trains the discriminator alone (SGAN's supervised baseline): nothing to sample."""
        return True

    def training_data(self, data: np.ndarray | tuple[np.ndarray, ...]) -> np.ndarray | tuple[np.ndarray, ...]:
        """What the loop draws batches from, given the dataset: the dataset itself here.

        SGAN keeps a few labelled images aside here and hands the loop the rest.
        """
        return data

    def discriminator_batch(self, real: np.ndarray, rng: np.random.Generator) -> tuple[list, dict]:
        """Inputs and targets of ``discriminator_step`` for one batch of real data."""
        n, loss = len(real), self.loss
        return [real, self.sample_latent(n, rng)], {"real": self.labels(n, loss.real_label), "fake": self.labels(n, loss.fake_label)}

    def generator_batch(self, real: np.ndarray | tuple[np.ndarray, ...], rng: np.random.Generator) -> tuple[np.ndarray | list, Any]:
        """Inputs and targets of ``combined``: as many fakes as ``real`` holds images (G's step may read them too)."""
        return self.sample_latent(batch_length(real), rng), self.labels(batch_length(real), self.loss.generator_label)

    def train_step(self, real: np.ndarray | tuple[np.ndarray, ...], rng: np.random.Generator) -> dict[str, float]:
        """One discriminator update, then one generator update, each by ``train_on_batch``."""
        d = self.discriminator_step.train_on_batch(*self.discriminator_batch(real, rng), return_dict=True)
        g = self.combined.train_on_batch(*self.generator_batch(real, rng), return_dict=True)
        return self.step_logs(d, g)

    def step_logs(self, d: dict, g: dict) -> dict[str, float]:
        """The step's logs (progress bar, curves, TensorBoard) from the two ``train_on_batch`` results."""
        return {"d_loss": d["loss"], "g_loss": g["loss"], "d_acc_real": d["real_accuracy"], "d_acc_fake": d["fake_accuracy"]}

    # -- using the generator ------------------------------------------------------------------
    @property
    def sampler(self) -> keras.Model:
        """The generator to draw samples from.

        With ``generator_average`` set, the generator's optimizer keeps an exponential moving
        average of G's weights (Keras ``use_ema``; Yazici et al. 2019, as in ProGAN and
        BigGAN), and this is a copy of G holding that average.
        """
        return _averaged(self.generator, self.averaged_generator, self.combined.optimizer)

    @property
    def evaluated_discriminator(self) -> keras.Model:
        """The discriminator to save and evaluate: with ``discriminator_average`` set, a copy of D
        holding the moving average of its weights (Salimans et al. test their SGAN classifier so)."""
        return _averaged(self.discriminator, self.averaged_discriminator, self.discriminator_step.optimizer)

    @classmethod
    def generator_inputs(cls, config: GANConfig, z: np.ndarray, labels: np.ndarray | None = None) -> np.ndarray | list[np.ndarray]:
        """What G is called on for latent vectors ``z``: ``z`` itself here; conditional GANs add labels.

        A class method, so that a saved generator can be fed from its run's config alone (the CLI does).
        """
        if labels is not None:
            raise ValueError(f"{cls.__name__} is not conditional: it takes no labels")
        return z

    def generate(self, z: np.ndarray, labels: np.ndarray | None = None, batch_size: int = 500) -> np.ndarray:
        """Images in [-1, 1] for latent vectors ``z`` (and ``labels``), in inference mode, from :attr:`sampler`."""
        return generate(self.sampler, self.generator_inputs(self.config, z, labels), batch_size)

    @property
    def optimizers(self) -> dict[str, keras.optimizers.Optimizer]:
        return {"discriminator": self.discriminator_step.optimizer, "generator": self.combined.optimizer}


class ConditionalGAN(GAN):
    """G(z, y) and D(x, y): both networks see a class label ``y`` (Mirza and Osindero, 2014).

    Real batches are (images, labels); each fake gets a label drawn uniformly, and D judges
    it beside that label, so G is pushed to draw an image of the class it was asked for.
    Labels enter the networks one-hot, so a blend of two classes is a valid input too.
    """

    def build_composites(self) -> tuple[Composite, Composite]:
        g, d, c = self.generator, self.discriminator, self.config
        x, y = keras.Input(c.image_shape, name="x"), label_input(c.num_classes, "y")
        z, y_fake = keras.Input((c.latent_dim,), name="z"), label_input(c.num_classes, "y_fake")
        discriminator_step = Composite(
            [x, y, z, y_fake], {"real": d([x, y]), "fake": d([g([z, y_fake]), y_fake])}, trainable_part=d, name="discriminator_step"
        )
        z, y = keras.Input((c.latent_dim,), name="z"), label_input(c.num_classes, "y")
        combined = Composite([z, y], d([g([z, y]), y]), trainable_part=g, name="combined")
        return discriminator_step, combined

    def sample_classes(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` one-hot labels of uniformly drawn classes."""
        return one_hot(rng.integers(0, self.config.num_classes, n), self.config.num_classes)

    def discriminator_batch(self, real: tuple[np.ndarray, np.ndarray], rng: np.random.Generator) -> tuple[list, dict]:
        (images, classes), loss = real, self.loss
        n = len(images)
        inputs = [images, one_hot(classes, self.config.num_classes), self.sample_latent(n, rng), self.sample_classes(n, rng)]
        return inputs, {"real": self.labels(n, loss.real_label), "fake": self.labels(n, loss.fake_label)}

    def generator_batch(self, real: tuple[np.ndarray, np.ndarray], rng: np.random.Generator) -> tuple[list, np.ndarray]:
        n = batch_length(real)
        z = self.sample_latent(n, rng)
        return [z, self.sample_classes(n, rng)], self.labels(n, self.loss.generator_label)

    @classmethod
    def generator_inputs(cls, config: GANConfig, z: np.ndarray, labels: np.ndarray | int | None = None) -> list[np.ndarray]:
        return [z, label_inputs(len(z), config.num_classes, labels)]


def _averaged(model: keras.Model, copy: keras.Model | None, optimizer: keras.optimizers.Optimizer) -> keras.Model:
    """``model``, or ``copy`` holding the moving average that ``optimizer`` keeps of its trainable weights."""
    if copy is None:
        return model
    copy.set_weights(model.get_weights())  # BatchNorm statistics too
    if optimizer.built:
        optimizer.finalize_variable_values(copy.trainable_variables)
    return copy


def batch_length(batch: np.ndarray | tuple[np.ndarray, ...]) -> int:
    """How many examples a batch holds: images, or (images, labels)."""
    return len(batch[0] if isinstance(batch, tuple) else batch)


def label_input(num_classes: int, name: str) -> keras.KerasTensor:
    """A batch of one-hot (or blended) class labels, shape (batch, num_classes)."""
    return keras.Input((num_classes,), name=name)


def one_hot(classes: np.ndarray, num_classes: int) -> np.ndarray:
    return np.eye(num_classes, dtype=np.float32)[np.asarray(classes)]


def label_inputs(n: int, num_classes: int, labels: np.ndarray | int | None = None) -> np.ndarray:
    """G's label input for ``n`` samples, (n, num_classes) float32.

    ``labels``: None cycles 0, 1, ..., K-1, 0, ... (every class equally often); an int or
    (n,) ints are one-hot encoded after a range check; (n, K) rows (blends) pass through.
    """
    if labels is None:
        return one_hot(np.arange(n) % num_classes, num_classes)
    labels = np.asarray(labels)
    if labels.ndim == 2:
        if labels.shape != (n, num_classes):
            raise ValueError(f"soft labels must have shape ({n}, {num_classes}), got {labels.shape}")
        return labels.astype(np.float32)
    labels = np.broadcast_to(labels, (n,))
    if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(f"labels must be integers in 0..{num_classes - 1}, got {labels.min()}..{labels.max()}")
    return one_hot(labels, num_classes)


def generate(generator: keras.Model, inputs: np.ndarray | list[np.ndarray], batch_size: int = 500) -> np.ndarray:
    """Run ``generator`` over ``inputs`` (z, or [z, labels, ...]) in chunks with ``predict_on_batch``.

    ``predict_on_batch`` runs the compiled forward pass without building an input pipeline
    (``predict`` builds one per call, ~50 ms).
    """
    arrays = inputs if isinstance(inputs, list) else [inputs]
    chunks = []
    for i in range(0, len(arrays[0]), batch_size):
        batch = [a[i : i + batch_size] for a in arrays]
        chunks.append(generator.predict_on_batch(batch if len(batch) > 1 else batch[0]))
    return np.concatenate(chunks).astype(np.float32)
