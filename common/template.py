"""The building blocks every recipe subclasses: Generator, Discriminator, Loss and GAN, and the phases they train in.

This file imports nothing of ours: copy it beside a recipe's files and they run.

Networks, phases, objectives
----------------------------
A recipe builds named **networks** (``generator``, ``discriminator``, ``critic``, ...) and trains
them in **phases**. A :class:`Phase` names the networks it trains, how many times in a row it
runs (WGAN's n_critic) and every how many steps (lazy regularisation). Each phase is one
``train_on_batch`` on its own :class:`Composite` model, with its own optimizer, and three
methods say everything about it, all named after the phase::

    GAN.<phase>_inputs(draw, rng)   what the phase is fed: a dict of arrays (draws real batches as needed)
    GAN.<phase>_outputs(**inputs)   the forward pass: a dict of named tensors
    Loss.<phase>(...)               the paper's equation over those names (and the inputs'): one scalar

and, optionally, ``Loss.<phase>_logs(...)``, quantities to watch (accuracies, a Wasserstein estimate).

The Keras 3 freeze
------------------
The classic recipe compiles the discriminator, sets ``discriminator.trainable = False``,
compiles the combined model and alternates ``train_on_batch``. Keras 2 read the flag at
compile time; Keras 3 reads it when a train function is *traced*, so the classic order
leaves the discriminator untrained. Here the freeze is a property of the composite, not a
flag: a composite's ``trainable_weights`` are the trainable weights its phase's networks had
when it was built, whatever the flags say later, in whatever order, across retraces, and every
other network's in-place state (BatchNorm statistics, spectral norm's vectors, noise seeds) is
put back at the end of each forward pass. So a phase moves its own networks and nothing else.

Normalisation. Networks are called in training mode in every phase, so a BatchNormalization in
a frozen network normalises with batch statistics, and the generator is trained against the
very function the discriminator's phase has just fitted. (A ``trainable=False`` BatchNorm runs
in inference mode on its moving averages instead: the generator then fools a different network,
and a DCGAN trained that way collapsed to a single digit.) The moving averages of a network are
updated only in the phases that train it: the discriminator's by the real and the fake batches
of its own phase. They are read only in inference mode: sampling, and a saved discriminator
that classifies, for which :func:`recompute_batchnorm_statistics` refits them on real images.

Mixed precision. With ``mixed_precision`` "bf16" or "fp16" the networks are built under Keras's
mixed policy (weights in float32, computation in the low type) and each gets a float32 cast after
its outputs (:func:`float32_outputs`), so every objective is computed in float32; fp16 phases scale
their loss dynamically (``LossScaleOptimizer``).

Distribution (TensorFlow only). A GAN built inside a ``tf.distribute`` strategy's scope trains
data-parallel: every phase's inputs are drawn for the global batch, as on one device, and split
into one equal share per replica (:func:`split_across_replicas`); each replica's objective is
divided by the number of replicas, so the summed gradients are those of the global batch;
BatchNormalization layers normalise with the statistics of the global batch (synchronised);
and the phases' logs leave the replicas as vectors of one, which multi-worker strategies can
reduce (tensorflow/tensorflow#72388: they cannot reduce scalars). The same seed then gives the
same losses on one device and on several, up to float round-off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import keras
import numpy as np
from keras import ops
from keras.src.backend.common import global_state  # the call context (Composite.call): Keras has no public handle


class ConfigError(ValueError):
    """A hyper-parameter name or value that the recipe does not have."""


# ``mixed_precision`` -> the Keras dtype policy the networks are built under (Micikevicius et al. 2018)
MIXED_PRECISION = {"none": None, "bf16": "mixed_bfloat16", "fp16": "mixed_float16"}


@contextlib.contextmanager
def dtype_policy(name: str | None):
    """Layers built inside take the Keras dtype policy ``name`` (None: leave it); the previous one is restored after."""
    if name is None:
        yield
        return
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)


def current_strategy() -> Any:
    """The ``tf.distribute`` strategy whose scope the caller is in, or None (no scope, or not the TensorFlow backend)."""
    if keras.backend.backend() != "tensorflow":
        return None
    import tensorflow as tf

    return tf.distribute.get_strategy() if tf.distribute.has_strategy() else None


def split_across_replicas(strategy: Any, inputs: dict) -> Any:
    """A phase's inputs for the global batch -> one equal, contiguous share of every array per replica
    (replica i of n takes rows i * b/n to (i + 1) * b/n, counted across all workers)."""
    replicas = strategy.num_replicas_in_sync
    size = batch_length(tuple(inputs.values()))
    if size % replicas:
        raise ConfigError(f"a batch of {size} does not split evenly across {replicas} replicas (choose a multiple of {replicas})")
    share = size // replicas

    def replica(context) -> dict:
        start = context.replica_id_in_sync_group * share
        return {name: array[start : start + share] for name, array in inputs.items()}

    return strategy.experimental_distribute_values_from_function(replica)


def strategy_scope(strategy: Any) -> contextlib.AbstractContextManager:
    """``strategy.scope()``, or nothing without a strategy: the networks, optimizers and composites built inside are distributed."""
    return strategy.scope() if strategy is not None else contextlib.nullcontext()


def batchnorm_layers(model: keras.Model) -> list[keras.layers.BatchNormalization]:
    """Every BatchNormalization layer of ``model``, nested ones included, in order."""
    layers = model._flatten_layers(include_self=False, recursive=True)
    return [layer for layer in layers if isinstance(layer, keras.layers.BatchNormalization)]


@contextlib.contextmanager
def synchronized_batchnorm(layers: list[keras.layers.BatchNormalization]):
    """While inside, the BatchNormalization ``layers`` compute their batch statistics across replicas.

    Keras reads the flag when it traces a step, so setting it around the steps is enough, and the
    saved networks keep the flag they were built with (False loads on every backend)."""
    before = [layer.synchronized for layer in layers]
    for layer in layers:
        layer.synchronized = True
    try:
        yield
    finally:
        for layer, synchronized in zip(layers, before):
            layer.synchronized = synchronized


@dataclass
class GANConfig:
    """Hyper-parameters shared by every recipe; a recipe subclasses it with its paper's values.

    ``presets`` maps a preset name to field overrides: ``quick`` is a smoke run of seconds,
    ``reference`` is exactly the run behind the recipe's README figures.
    """

    image_shape: tuple[int, ...] = (28, 28, 1)  # (height, width, channels); volumes: (depth, height, width, channels)
    latent_dim: int = 100
    batch_size: int = 64
    steps: int = 10_000
    discriminator_steps: int = 1  # n_critic: the discriminator's (critic's) phase runs this many times per step
    optimizer: str = "adam"  # or "rmsprop" (WGAN), "sgd" (SimGAN)
    learning_rate: float = 2e-4
    generator_learning_rate: float = 0.0  # > 0: the generator's own rate (0 = learning_rate for every phase)
    learning_rate_decay: bool = False  # decay linearly to 0 by the last step
    decay_start: float = 0.0  # the share of the steps at the constant rate before the decay starts (CycleGAN: 0.5)
    beta_1: float = 0.5
    beta_2: float = 0.999
    label_smoothing: float = 0.0
    generator_average: float = 0.0  # momentum of a moving average of G's weights to sample from; 0 = none
    discriminator_average: float = 0.0  # the same for D's weights: the D that is saved and evaluated (SGAN's classifier)
    num_classes: int = 0  # > 0: G takes a one-hot class input too (a label, or InfoGAN's categorical code)
    labelled: bool = False  # training reads the dataset's class labels too: batches are (images, labels)
    seed: int = 0
    validation: bool = False  # MNIST: train on the first 50,000 images and score against the last 10,000 (for choosing settings)
    mixed_precision: str = "none"  # "bf16" or "fp16": networks compute in that type; weights, losses and scores stay float32
    jit_compile: bool = False  # XLA on TensorFlow (4x slower for a conv GAN on CPU); JAX always compiles its steps (eager JAX: 10x slower)
    dataset: str = "mnist"
    sample_every: int = 500
    checkpoint_every: int = 1_000
    eval_every: int = 0
    eval_samples: int = 10_000

    presets: ClassVar[dict[str, dict[str, Any]]] = {}
    # Checked on every construction (:meth:`check`): counts no run can use, and rates outside their range.
    at_least_one: ClassVar[tuple[str, ...]] = ("steps", "batch_size", "latent_dim", "discriminator_steps")
    fractions: ClassVar[tuple[str, ...]] = (
        "label_smoothing", "beta_1", "beta_2", "generator_average", "discriminator_average", "decay_start",
    )  # fmt: skip

    def __post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        """Raise :class:`ConfigError` naming the first value no run can use: a non-finite number, a negative
        count, a zero where at least one is needed, a rate outside its range, an image shape that is not one."""
        for field in dataclasses.fields(self):
            name, value = field.name, getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            if not math.isfinite(value):
                raise ConfigError(f"{name} must be a finite number, got {value}")
            if isinstance(value, int) and value < (1 if name in self.at_least_one else 0):
                raise ConfigError(f"{name} must be at least {1 if name in self.at_least_one else 0}, got {value}")
            if name in self.fractions and not 0 <= value < 1:
                raise ConfigError(f"{name} must lie in [0, 1), got {value}")
        if not self.learning_rate > 0 or self.generator_learning_rate < 0:
            raise ConfigError(f"learning_rate must be positive (and generator_learning_rate >= 0), got {self.learning_rate}")
        if self.mixed_precision not in MIXED_PRECISION:
            raise ConfigError(f"mixed_precision must be one of {', '.join(MIXED_PRECISION)}, got {self.mixed_precision!r}")
        shape = self.image_shape
        if len(shape) not in (3, 4) or not all(isinstance(n, int) and n >= 1 for n in shape):
            raise ConfigError(
                f"image_shape must be three positive integers (height, width, channels), or four for volumes"
                f" (depth, height, width, channels), got {shape}"
            )

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


# -- the blocks a recipe writes --------------------------------------------------------------
class Network:
    """Builds one named network of a recipe from its config."""

    network: ClassVar[str] = ""  # the network's name: GAN.networks[name], a phase's `trains`, saved as <name>.keras

    def __init__(self, config: GANConfig) -> None:
        self.config = config

    def build(self) -> keras.Model:
        raise NotImplementedError


class Generator(Network):
    """Builds the generator network: latent vector ``z`` (and a label or code) -> image in [-1, 1]."""

    network = "generator"


class Discriminator(Network):
    """Builds the discriminator network (or critic): image -> one unbounded score per image."""

    network = "discriminator"


def mean(x) -> Any:
    """The batch mean of a per-sample quantity, a scalar."""
    return ops.mean(ops.cast(x, "float32"))


def binary_crossentropy(target: float, logits) -> Any:
    """Mean binary cross-entropy of ``logits`` against a constant ``target`` in [0, 1]: softplus(l) - t l."""
    return mean(ops.softplus(logits) - target * logits)


def cross_entropy(classes, logits) -> Any:
    """Mean cross-entropy of class ``logits`` against integer ``classes``."""
    return mean(keras.losses.sparse_categorical_crossentropy(ops.reshape(classes, (-1,)), logits, from_logits=True))


def class_accuracy(classes, logits) -> Any:
    """Share of rows whose largest logit is the integer class in ``classes``."""
    return mean(ops.equal(ops.cast(ops.reshape(classes, (-1,)), "int32"), ops.cast(ops.argmax(logits, axis=-1), "int32")))


class Loss:
    """The objectives, one method per phase, each the paper's equation over the phase's named outputs.

    This base class is the GAN of Goodfellow et al. (2014) on logits, with optional one-sided
    label smoothing s (Salimans et al. 2016) and G trained in the non-saturating form, or, with a
    config field ``saturating`` set, in the paper's minimax form, which saturates when D rejects
    every fake:

        discriminator:  -E_x log D(x) - E_z log(1 - D(G(z)))   (the real target 1 - s)
        generator:      -E_z log D(G(z))    (saturating: E_z log(1 - D(G(z))))
    """

    threshold: float = 0.0  # a score above it means "real" (accuracies)

    def __init__(self, config: GANConfig) -> None:
        self.config = config
        self.real_target = 1.0 - config.label_smoothing
        self.saturating = getattr(config, "saturating", False)

    def discriminator(self, real, fake):
        return 0.5 * (binary_crossentropy(self.real_target, real) + binary_crossentropy(0.0, fake))

    def generator(self, fake):
        return -binary_crossentropy(0.0, fake) if self.saturating else binary_crossentropy(1.0, fake)

    def discriminator_logs(self, real, fake) -> dict:
        """How often D puts real and fake images on the right side of ``threshold``."""
        return {"acc_real": mean(real > self.threshold), "acc_fake": mean(fake <= self.threshold)}


class HingeLoss(Loss):
    """The hinge objective (Lim and Ye 2017; Miyato et al. 2018, eq. 16-17), SNGAN's and BigGAN's:

    discriminator:  E_x[max(0, 1 - D(x))] + E_z[max(0, 1 + D(G(z)))]
    generator:      -E_z[D(G(z))]
    """

    def discriminator(self, real, fake):
        return mean(ops.relu(1.0 - real)) + mean(ops.relu(1.0 + fake))

    def generator(self, fake):
        return -mean(fake)


class GradientPenaltyLoss(Loss):
    """The WGAN-GP objective (Gulrajani et al. 2017, eq. 3), WGAN-GP's and ProGAN's:

    critic:     E_z[C(G(z))] - E_x[C(x)] + lambda E[(||grad C(x^)|| - 1)^2]
    generator:  -E_z[C(G(z))]

    ``gradient_norm`` is ||grad C(x^)||_2 per interpolate x^ between a real and a fake image, from the critic
    phase's forward pass; lambda is the config's ``penalty_weight``. The logs add the critic's Wasserstein
    estimate and the penalty.
    """

    def __init__(self, config: GANConfig) -> None:
        super().__init__(config)
        self.penalty_weight = config.penalty_weight

    def critic(self, real, fake, gradient_norm):
        return mean(fake) - mean(real) + self.penalty_weight * mean(ops.square(gradient_norm - 1.0))

    def generator(self, fake):
        return -mean(fake)

    def critic_logs(self, real, fake, gradient_norm) -> dict:
        return {"wasserstein": mean(real) - mean(fake), "penalty": mean(ops.square(gradient_norm - 1.0))}


# -- phases and the freeze -------------------------------------------------------------------
@dataclass(frozen=True)
class Phase:
    """One ``train_on_batch`` on one composite model.

    ``trains``: the networks it updates (every other network is frozen inside it).
    ``repeat``: how many times in a row it runs in a step, each on fresh inputs (WGAN's n_critic).
    ``every``: it runs at steps divisible by this (lazy regularisation); 1 = every step.
    ``start``, ``stop``: it runs at steps ``start <= step < stop`` (0 = no end): pre-training phases.
    ``condition``: the name of a GAN method that reads the previous step's logs and says whether the
    phase runs now (3D-GAN trains D only while its last accuracy is at most 80%); "" = always. The
    logs it reads are the run's history, so a resumed run takes the same decision.
    ``prefix``: what its logs are called, ``<prefix>_loss`` ...; default the name's first letter.
    """

    name: str
    trains: tuple[str, ...] | str
    repeat: int = 1
    every: int = 1
    start: int = 0
    stop: int = 0
    condition: str = ""
    prefix: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.trains, str):
            object.__setattr__(self, "trains", (self.trains,))
        if self.repeat < 1 or self.every < 1:
            raise ConfigError(f"phase {self.name!r}: repeat and every must be at least 1, got {self.repeat} and {self.every}")
        object.__setattr__(self, "prefix", self.prefix or self.name[0])

    def due(self, step: int) -> bool:
        """Whether the phase runs at ``step``."""
        return self.start <= step and (not self.stop or step < self.stop) and step % self.every == 0


def _keyword_call(fn: Callable, values: dict) -> Any:
    """``fn`` called with the entries of ``values`` that it names as parameters."""
    parameters = inspect.signature(fn).parameters
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        return fn(**values)
    missing = [name for name, p in parameters.items() if name not in values and p.default is p.empty]
    if missing:
        raise TypeError(f"{fn.__qualname__} reads {missing}, which the phase neither feeds nor outputs (it has {sorted(values)})")
    return fn(**{name: values[name] for name in parameters if name in values})


def float32_outputs(network: keras.Model, policy: str | None) -> keras.Model:
    """``network`` with every output cast to float32 by a last layer, under a mixed-precision ``policy``
    (None: ``network`` itself). Scores and images then leave every network in full precision: the
    objectives, and the recipes' own arithmetic on them (WGAN-GP's interpolates), never mix types."""
    if policy is None:
        return network
    cast = keras.tree.map_structure(lambda out: keras.layers.Activation("linear", dtype="float32")(out), network.output)
    return keras.Model(network.inputs if len(network.inputs) > 1 else network.inputs[0], cast, name=network.name)


class Composite(keras.Model):
    """One phase as a Keras model: ``inputs -> forward -> objective``, training only the phase's networks.

    Called on the phase's inputs (a dict), it runs the recipe's forward pass and returns the
    objective as ``loss`` and the phase's logs, all scalars; ``train_on_batch(inputs)`` then needs
    no targets. ``trainable_weights`` are the trained networks' trainable weights as they were
    when the composite was built, so neither ``trainable`` flags nor the order they are set in
    nor a retrace changes what the optimizer updates. Every other network's non-trainable state
    (BatchNorm statistics, spectral norm's vectors, noise seeds) is restored at the end of the
    forward pass, so a phase leaves the networks it does not train exactly as it found them.
    ``non_trainable_variables`` is the complement of the trained weights: the same freeze holds on
    stateless backends (JAX), which carry those as state.
    """

    def __init__(
        self,
        networks: dict[str, keras.Model],
        phase: Phase,
        forward: Callable[..., dict],
        objective: Callable[..., Any],
        logs: Callable[..., dict] | None = None,
        scheduled: dict[str, keras.Variable] | None = None,
        replicas: int = 0,
    ) -> None:
        super().__init__(name=phase.name)
        unknown = sorted(set(phase.trains) - set(networks))
        if unknown:
            raise ConfigError(f"phase {phase.name!r} trains {unknown}, which are not among the networks {sorted(networks)}")
        self.networks, self.phase = networks, phase
        self.replicas = replicas  # > 0: built under a tf.distribute strategy with this many replicas
        self.scheduled = scheduled or {}  # tracked, so that stateless backends carry the step's values as state
        self._forward, self._objective, self._logs = forward, objective, logs
        self._trained = [v for name in phase.trains for v in networks[name].trainable_weights]
        frozen = [networks[name] for name in networks if name not in phase.trains]
        weights = {id(v) for net in networks.values() for v in net.trainable_weights}
        self._frozen_state = [v for net in frozen for v in net.variables if id(v) not in weights]
        self.built = True

    def call(self, inputs: dict, training: bool | None = None) -> dict:
        # JAX's train step calls `call` straight (`stateless_call`), not through `__call__`, so no Keras call context
        # carries `training` down to the networks, and BatchNorm, noise and moving averages would run as in inference:
        # open that context here when none is open (Keras keeps it private).
        entered = training is not None and global_state.get_global_attribute("current_call_ctx") is None
        if entered:
            self._get_call_context().training = training
        try:
            kept = [ops.copy(v.value) for v in self._frozen_state]
            outputs = _keyword_call(self._forward, inputs)
            values = {**inputs, **outputs}
            logs = {"loss": _keyword_call(self._objective, values)}
            if self._logs is not None:
                logs.update(_keyword_call(self._logs, values))
            for variable, value in zip(self._frozen_state, kept):
                variable.assign(value)
            return logs
        finally:
            if entered:
                self._maybe_reset_call_context()

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        loss = y_pred["loss"] + sum(self.losses) if self.losses else y_pred["loss"]
        return loss / self.replicas if self.replicas else loss  # the replicas' gradients are summed

    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        if self.replicas:  # vectors of one: a multi-worker strategy reduces them over axis 0
            return {name: ops.reshape(value, (1,)) for name, value in y_pred.items()}
        return dict(y_pred)  # this batch's objective and logs, not running means

    @property
    def trainable_weights(self) -> list:
        return list(self._trained)

    @property
    def trainable_variables(self) -> list:  # what the optimizer is built with
        return self.trainable_weights

    @property
    def non_trainable_weights(self) -> list:
        return self._untrained(self.weights)

    @property
    def non_trainable_variables(self) -> list:  # what stateless backends (JAX) carry as state
        return self._untrained(self.variables)

    def _untrained(self, variables: list) -> list:
        trained = {id(v) for v in self._trained}
        return [v for v in variables if id(v) not in trained]


# -- the GAN ---------------------------------------------------------------------------------
class GAN:
    """Builds the networks, one composite and one optimizer per phase, and makes one training step.

    Recipes override only what makes them that recipe: :meth:`phases`, the ``<phase>_inputs``
    and ``<phase>_outputs`` methods, the optimizers. Networks are attributes by name
    (``self.generator``, ``self.critic``).

    The default phases are D's, then G's::

        discriminator: (x, z) -> real = D(x), fake = D(G(z))     trains D; G frozen inside
        generator:        z   -> fake = D(G(z))                  trains G; D frozen inside
    """

    conditioning: ClassVar[str] = "none"  # what G reads beside z: "none", "labels" (CGAN, ACGAN) or "codes" (InfoGAN)
    classifier: ClassVar[str] = ""  # the output of the saved discriminator that names classes (SGAN, ACGAN: "class")

    def __init__(self, config: GANConfig, generator: Network, discriminator: Network, loss: Loss, *more: Network) -> None:
        self.config, self.loss = config, loss
        self.strategy = current_strategy()  # built inside a tf.distribute scope: the steps run data-parallel
        policy = MIXED_PRECISION[config.mixed_precision]
        with dtype_policy(policy):
            self.networks: dict[str, keras.Model] = {
                b.network: float32_outputs(b.build(), policy) for b in (generator, discriminator, *more)
            }
            # network -> (a second copy to hold the moving average of its weights, the momentum)
            self.averages: dict[str, tuple[keras.Model, float]] = {}
            for builder, momentum in ((generator, config.generator_average), (discriminator, config.discriminator_average)):
                if momentum:
                    self.averages[builder.network] = (float32_outputs(builder.build(), policy), momentum)
        self.generator_name, self.discriminator_name = generator.network, discriminator.network
        # synchronised across replicas while stepping under a strategy
        self.batchnorms = [layer for network in self.networks.values() for layer in batchnorm_layers(network)] if self.strategy else []
        self.schedule_functions = self.schedules()
        self.scheduled = {name: keras.Variable(0.0, trainable=False, name=name) for name in self.schedule_functions}
        self.phase_list = self.phases()
        self.last_logs: dict[str, float] = {}  # the previous step's logs, which phase conditions read
        self.composites: dict[str, Composite] = {}
        for phase in self.phase_list:
            if phase.condition and not callable(getattr(self, phase.condition, None)):
                raise ConfigError(
                    f"phase {phase.name!r} runs on condition {phase.condition!r}, which is no method of {type(self).__name__}"
                )
            composite = Composite(
                self.networks,
                phase,
                forward=getattr(self, f"{phase.name}_outputs"),
                objective=getattr(loss, phase.name),
                logs=getattr(loss, f"{phase.name}_logs", None),
                scheduled=self.scheduled,
                replicas=self.strategy.num_replicas_in_sync if self.strategy else 0,
            )
            composite.compile(optimizer=self.make_optimizer(phase), jit_compile=config.jit_compile or keras.backend.backend() == "jax")
            self.composites[phase.name] = composite

    def __getattr__(self, name: str) -> keras.Model:
        networks = self.__dict__.get("networks", {})
        if name in networks:
            return networks[name]
        raise AttributeError(f"{type(self).__name__} has no attribute or network {name!r}")

    # -- what a recipe declares ---------------------------------------------------------------
    def phases(self) -> list[Phase]:
        """The phases of one step, in order, each named after the network it trains: the discriminator's
        (or critic's) ``discriminator_steps`` times, then the generator's."""
        d, g = self.discriminator_name, self.generator_name
        return [Phase(d, trains=d, repeat=self.config.discriminator_steps), Phase(g, trains=g)]

    def schedules(self) -> dict[str, Callable[[int], float]]:
        """Values that depend on the step, by name: ``self.scheduled[name]`` holds ``f(step)`` while a step runs."""
        return {}

    def make_optimizer(self, phase: Phase) -> keras.optimizers.Optimizer:
        """One fresh optimizer per phase: Adam or RMSprop at the config's rate, the generator's own rate if set,
        linear decay if asked, and the moving average of a network that keeps one (inside the compiled step)."""
        c = self.config
        rate = c.generator_learning_rate if self.generator_name in phase.trains and c.generator_learning_rate else c.learning_rate
        if c.learning_rate_decay:
            steps = max(min(phase.stop or c.steps, c.steps) - phase.start, 1)  # the steps the phase runs in
            updates = steps * phase.repeat // phase.every  # the optimizer counts its own updates
            rate = LinearDecay(rate, start=int(c.decay_start * updates), end=updates)
        momentum = max([self.averages[n][1] for n in phase.trains if n in self.averages], default=0.0)
        average = {"use_ema": momentum > 0, "ema_momentum": momentum or 0.99}
        if c.optimizer == "adam":
            optimizer = keras.optimizers.Adam(rate, beta_1=c.beta_1, beta_2=c.beta_2, name=phase.name, **average)
        elif c.optimizer == "rmsprop":
            optimizer = keras.optimizers.RMSprop(rate, name=phase.name, **average)
        elif c.optimizer == "sgd":
            optimizer = keras.optimizers.SGD(rate, name=phase.name, **average)
        else:
            raise ConfigError(f"optimizer must be 'adam', 'rmsprop' or 'sgd', got {c.optimizer!r}")
        # fp16's 5 exponent bits underflow small gradients: scale the loss up, the gradients back down (dynamically)
        return keras.optimizers.LossScaleOptimizer(optimizer, name=f"{phase.name}_scaled") if c.mixed_precision == "fp16" else optimizer

    # -- the default phases -------------------------------------------------------------------
    def discriminator_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        real = draw()
        return {"x": real, "z": self.sample_latent(len(real), rng)}

    def discriminator_outputs(self, x, z) -> dict:
        d, g = self.networks[self.discriminator_name], self.networks[self.generator_name]
        return {"real": d(x), "fake": d(g(z))}

    critic_inputs, critic_outputs = discriminator_inputs, discriminator_outputs  # the same phase when D is called a critic

    def generator_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        return {"z": self.sample_latent(draw.batch_size, rng)}

    def generator_outputs(self, z) -> dict:
        return {"fake": self.networks[self.discriminator_name](self.networks[self.generator_name](z))}

    # -- one step -----------------------------------------------------------------------------
    def sample_latent(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return rng.standard_normal((n, self.config.latent_dim), dtype=np.float32)

    @property
    def trains_generator(self) -> bool:
        """Whether any phase trains the generator (not SGAN's supervised baseline): else there is nothing to sample."""
        return any(self.generator_name in p.trains for p in self.phase_list)

    def training_data(self, data: np.ndarray | tuple[np.ndarray, ...]) -> np.ndarray | tuple[np.ndarray, ...]:
        """What the loop draws batches from, given the dataset: the dataset itself here.

        SGAN keeps a few labelled images aside here and hands the loop the rest.
        """
        return data

    def train_step(self, batches: Callable | np.ndarray | tuple, rng: np.random.Generator, step: int = 0) -> dict[str, float]:
        """The phases due at ``step``, in order, each ``repeat`` times; returns their last logs, ``<prefix>_<name>``.

        A phase with a ``condition`` runs if that method, given the previous step's logs, says so; it
        logs ``<prefix>_trained`` (1 or 0), and nothing else at a step it sits out.

        ``batches`` hands out real batches when called (the loop's stream, with a ``batch_size``);
        one batch (array, or tuple of arrays) is also accepted, and is then reused by every draw.
        """
        draw = batches if callable(batches) else _Repeat(batches)
        for name, schedule in self.schedule_functions.items():
            self.scheduled[name].assign(schedule(step))
        logs: dict[str, float] = {}
        with synchronized_batchnorm(self.batchnorms):
            for phase in self.phase_list:
                if not phase.due(step):
                    continue
                if phase.condition:
                    logs[f"{phase.prefix}_trained"] = float(getattr(self, phase.condition)(self.last_logs))
                    if not logs[f"{phase.prefix}_trained"]:
                        continue
                composite, feed = self.composites[phase.name], getattr(self, f"{phase.name}_inputs")
                for _ in range(phase.repeat):
                    inputs = feed(draw, rng)
                    if self.strategy is not None:
                        inputs = split_across_replicas(self.strategy, inputs)
                    result = composite.train_on_batch(inputs, return_dict=True)
                logs[f"{phase.prefix}_loss"] = float(np.mean(result.pop("loss")))
                logs.update({f"{phase.prefix}_{key}": float(np.mean(value)) for key, value in result.items()})
        self.last_logs = logs
        return logs

    def finish(self, images: np.ndarray) -> None:
        """Called once training has ended, before the networks are saved, with up to 10,000 training images:
        fit what is estimated from data rather than trained (an autoencoder's code distribution); nothing here."""

    def state(self) -> dict[str, np.ndarray]:
        """What a checkpoint keeps beside weights and optimizers (a history pool of fakes); none here."""
        return {}

    def load_state(self, state: dict[str, np.ndarray]) -> None:
        """Restore what :meth:`state` returned."""

    def scope(self) -> contextlib.AbstractContextManager:
        """The ``tf.distribute`` scope the GAN was built in (nothing without one): what is created later,
        an optimizer's variables on resume, must be created there too."""
        return strategy_scope(self.strategy)

    @property
    def optimizers(self) -> dict[str, keras.optimizers.Optimizer]:
        return {name: composite.optimizer for name, composite in self.composites.items()}

    def optimizer_of(self, network: str) -> keras.optimizers.Optimizer:
        """The optimizer of the phase that trains ``network``."""
        return next(c.optimizer for c in self.composites.values() if network in c.phase.trains)

    # -- using the networks -------------------------------------------------------------------
    def averaged(self, network: str) -> keras.Model:
        """``network``, or, if the run keeps a moving average of its weights (Keras ``use_ema``;
        Yazici et al. 2019, as in ProGAN and BigGAN), a copy of it holding that average."""
        model = self.networks[network]
        if network not in self.averages:
            return model
        copy = self.averages[network][0]
        copy.set_weights(model.get_weights())  # BatchNorm statistics too
        optimizer = unscaled(self.optimizer_of(network))
        if optimizer.built:
            optimizer.finalize_variable_values(copy.trainable_variables)
            for variable in copy.trainable_variables:  # own arrays: JAX's predict donates its inputs, the average's included
                variable.assign(ops.copy(variable.value))
        return copy

    def drawing(self, generator: keras.Model) -> keras.Model:
        """The model that draws samples from ``generator`` (the network, or the average of its weights): the network
        itself here; a growing generator (ProGAN) draws as far as it has grown."""
        return generator

    @property
    def sampler(self) -> keras.Model:
        """The generator to draw samples from: the moving average of G's weights if the run keeps one."""
        return self.drawing(self.averaged(self.generator_name))

    @property
    def evaluated_discriminator(self) -> keras.Model:
        """The discriminator to save and evaluate (with ``discriminator_average``, the average of its weights,
        as Salimans et al. test their SGAN classifier)."""
        return self.averaged(self.discriminator_name)

    @property
    def averaged_generator(self) -> keras.Model | None:
        return self.averages[self.generator_name][0] if self.generator_name in self.averages else None

    @property
    def averaged_discriminator(self) -> keras.Model | None:
        return self.averages[self.discriminator_name][0] if self.discriminator_name in self.averages else None

    @classmethod
    def generator_inputs_for(cls, config: GANConfig, z: np.ndarray, labels: np.ndarray | None = None) -> np.ndarray | list[np.ndarray]:
        """What G is called on for latent vectors ``z``: ``z`` itself here; conditional GANs add labels.

        A class method, so that a saved generator can be fed from its run's config alone (the CLI does).
        """
        if labels is not None:
            raise ValueError(f"{cls.__name__} is not conditional: it takes no labels")
        return z

    @classmethod
    def sampling_inputs(
        cls, config: GANConfig, n: int, rng: np.random.Generator, labels: np.ndarray | None = None, truncation: float | None = None
    ) -> np.ndarray | list[np.ndarray]:
        """G's inputs for ``n`` samples asked of a saved run (``gan-cookbook sample``): latent vectors, each entry
        beyond +-``truncation`` drawn again (BigGAN's truncation trick; None: none), and ``labels``. StyleGAN
        truncates in W instead."""
        if truncation is not None and truncation <= 0:
            raise ConfigError(f"--truncation must be positive, got {truncation}")
        return cls.generator_inputs_for(config, truncated_normal((n, config.latent_dim), truncation, rng), labels)

    def sample_inputs(self, n: int, rng: np.random.Generator) -> np.ndarray | list[np.ndarray]:
        """G's inputs for ``n`` samples to score: latent vectors, and every class equally often for a conditional G."""
        return self.generator_inputs_for(self.config, self.sample_latent(n, rng))

    def preview_inputs(self, rng: np.random.Generator) -> tuple[np.ndarray | list[np.ndarray], int | None]:
        """Fixed inputs for the sample grids drawn during training, and the grid's rows (None: square)."""
        return self.sample_inputs(64, rng), None

    def preview(self, inputs: np.ndarray | list[np.ndarray]) -> np.ndarray:
        """The images of a sample grid, from :meth:`preview_inputs`: here the sampler's images."""
        return generate(self.sampler, inputs)

    def generate(self, z: np.ndarray, labels: np.ndarray | None = None, batch_size: int = 500) -> np.ndarray:
        """Images in [-1, 1] for latent vectors ``z`` (and ``labels``), in inference mode, from :attr:`sampler`."""
        return generate(self.sampler, self.generator_inputs_for(self.config, z, labels), batch_size)


class _Repeat:
    """A stand-in for the loop's batch stream that hands out the same batch at every draw."""

    def __init__(self, batch: np.ndarray | tuple) -> None:
        self.batch, self.batch_size = batch, batch_length(batch)

    def __call__(self) -> np.ndarray | tuple:
        return self.batch


class ConditionalGAN(GAN):
    """G(z, y) and D(x, y): both networks see a class label ``y`` (Mirza and Osindero, 2014).

    Real batches are (images, labels); each fake gets a label drawn uniformly, and D judges
    it beside that label, so G is pushed to draw an image of the class it was asked for.
    Labels enter the networks one-hot, so a blend of two classes is a valid input too::

        discriminator: (x, y, z, y') -> real = D(x, y), fake = D(G(z, y'), y')    trains D
        generator:           (z, y') -> fake = D(G(z, y'), y')                     trains G
    """

    conditioning = "labels"

    def discriminator_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        images, classes = draw()
        n = len(images)
        return {
            "x": images,
            "y": one_hot(classes, self.config.num_classes),
            "z": self.sample_latent(n, rng),
            "y_fake": self.sample_classes(n, rng),
        }

    def discriminator_outputs(self, x, y, z, y_fake) -> dict:
        d, g = self.discriminator, self.generator
        return {"real": d([x, y]), "fake": d([g([z, y_fake]), y_fake])}

    def generator_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        return {"z": self.sample_latent(draw.batch_size, rng), "y": self.sample_classes(draw.batch_size, rng)}

    def generator_outputs(self, z, y) -> dict:
        return {"fake": self.discriminator([self.generator([z, y]), y])}

    def sample_classes(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` one-hot labels of uniformly drawn classes."""
        return one_hot(rng.integers(0, self.config.num_classes, n), self.config.num_classes)

    @classmethod
    def generator_inputs_for(cls, config: GANConfig, z: np.ndarray, labels: np.ndarray | int | None = None) -> list[np.ndarray]:
        return [z, label_inputs(len(z), config.num_classes, labels)]

    def preview_inputs(self, rng: np.random.Generator) -> tuple[list[np.ndarray], int]:
        """One row of ten per class, the same ten latent vectors in every row."""
        k = self.config.num_classes
        z = np.tile(self.sample_latent(10, rng), (k, 1))
        return self.generator_inputs_for(self.config, z, np.repeat(np.arange(k), 10)), k


@dataclass(frozen=True)
class Recipe:
    """What a recipe package declares as ``RECIPE``: its name, config class, four classes and paper;
    ``more``: the builders of any further networks (CycleGAN's second generator and discriminator)."""

    name: str
    config: type[GANConfig]
    generator: type[Generator]
    discriminator: type[Discriminator]
    loss: type[Loss]
    gan: type[GAN]
    summary: str
    paper: str
    more: tuple[type[Network], ...] = ()

    def make_config(self, preset: str | None = None, **overrides: Any) -> GANConfig:
        """The paper's defaults, then the preset's overrides, then ``overrides`` (None = unset)."""
        config = self.config()
        if preset is not None:
            if preset not in self.config.presets:
                raise ConfigError(f"recipe {self.name!r} has no preset {preset!r}; choose from {sorted(self.config.presets)}")
            config = config.replace(**self.config.presets[preset])
        return config.replace(**{k: v for k, v in overrides.items() if v is not None})

    def build(self, config: GANConfig) -> GAN:
        more = (network(config) for network in self.more)
        return self.gan(config, self.generator(config), self.discriminator(config), self.loss(config), *more)


# -- helpers that recipes and the loop share --------------------------------------------------
class Stream(enum.IntEnum):
    """The random streams of a run: each is drawn from (seed, stream, index...) alone, so a resumed run
    repeats them exactly and no two uses share one. This is the one list of their ids."""

    STEP = 1  # a training step's latent vectors and draws, by step
    GRID = 2  # the sample grids' fixed inputs
    FID = 4  # the samples FID tracking scores during training
    EVALUATION = 5  # the samples `gan-cookbook evaluate` scores
    BATCH_ORDER = 6  # the order of the training images, by epoch
    LABELLED = 7  # SGAN's choice of labelled images
    INITIALISATION = 8  # data-dependent initialisation's choice of images
    SYNTHETIC_DATA = 9  # a synthetic training set (the 2-D mixtures)
    PATCHES = 10  # the crops of a super-resolution batch cut from photos, by draw


class LinearDecay(keras.optimizers.schedules.LearningRateSchedule):
    """``rate`` until update ``start``, then linearly down to 0 at update ``end`` (and 0 after)."""

    def __init__(self, rate: float, start: int, end: int) -> None:
        self.rate, self.start, self.end = rate, start, end

    def __call__(self, step):
        left = (self.end - ops.cast(step, "float32")) / max(self.end - self.start, 1)
        return self.rate * ops.clip(left, 0.0, 1.0)

    def get_config(self) -> dict:
        return {"rate": self.rate, "start": self.start, "end": self.end}


def unscaled(optimizer: keras.optimizers.Optimizer) -> keras.optimizers.Optimizer:
    """The optimizer that updates the weights: under fp16 the one inside the loss scaling, else ``optimizer``."""
    return getattr(optimizer, "inner_optimizer", optimizer)


def random_stream(seed: int, stream: Stream, *index: int) -> np.random.Generator:
    """The generator of ``stream`` for a run seeded ``seed`` (and, for indexed streams, ``index``)."""
    return np.random.default_rng([seed, int(stream), *index])


def input_gradients(fn: Callable, x) -> Any:
    """d sum(fn(x)) / dx, differentiable again (for penalties on input gradients: WGAN-GP's, R1).

    Keras 3 has no backend-neutral gradient op, so this is written per backend (TensorFlow,
    JAX, PyTorch). Inside a phase's forward pass it is recorded by the train step's own
    gradient computation, so the penalty's gradient with respect to the network's weights
    follows. Each sample's score must depend on that sample alone (no BatchNorm in ``fn``),
    and ``fn`` must not write state (spectral norm's vectors) while it is differentiated.
    """
    backend = keras.backend.backend()
    if backend == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        return tape.gradient(y, x)
    if backend == "jax":
        import jax

        return jax.grad(lambda inputs: ops.sum(fn(inputs)))(x)
    if backend == "torch":
        import torch

        x = x if x.requires_grad else x.detach().requires_grad_(True)
        return torch.autograd.grad(ops.sum(fn(x)), x, create_graph=True)[0]
    raise NotImplementedError(f"input_gradients has no implementation for the {backend!r} backend")


def gradient_norms(fn: Callable, x) -> Any:
    """Per-sample L2 norms of d fn(x) / dx, (batch,), with an epsilon inside the square root
    so that the norm's own gradient stays finite where the input gradient vanishes."""
    gradients = ops.reshape(input_gradients(fn, x), (ops.shape(x)[0], -1))
    return ops.sqrt(ops.sum(ops.square(gradients), axis=1) + 1e-12)


def recompute_batchnorm_statistics(model: keras.Model, images: np.ndarray, batch_size: int = 500) -> None:
    """Refit every BatchNormalization layer's moving mean and variance to ``images``, exactly.

    Training leaves a discriminator's statistics fitted to whatever its phases fed it (real and
    fake batches). Before a discriminator is used in inference mode on real data (a class
    head scored on test images), this sets them to the mean and variance of each layer's
    inputs over ``images``, layer by layer, with the earlier layers already refitted.
    """
    for layer in batchnorm_layers(model):
        probe = keras.Model(model.inputs[0] if len(model.inputs) == 1 else model.inputs, layer.input)
        inputs = np.concatenate([np.asarray(probe(images[i : i + batch_size], training=False)) for i in range(0, len(images), batch_size)])
        axes = tuple(i for i in range(inputs.ndim) if i != layer.axis % inputs.ndim)
        layer.moving_mean.assign(inputs.mean(axis=axes))
        layer.moving_variance.assign(inputs.var(axis=axes))


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


def slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """Spherical interpolation between latent vectors ``a`` and ``b`` (rows), 0 <= t <= 1."""
    cos = np.sum(a * b, axis=-1, keepdims=True) / (np.linalg.norm(a, axis=-1, keepdims=True) * np.linalg.norm(b, axis=-1, keepdims=True))
    omega = np.arccos(np.clip(cos, -1, 1))
    sin = np.sin(omega)
    safe = np.where(sin < 1e-6, 1.0, sin)
    mixed = (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / safe
    return np.where(sin < 1e-6, (1 - t) * a + t * b, mixed).astype(a.dtype)


def box_downscale(images: np.ndarray, size: int) -> np.ndarray:
    """Images (N, H, W, C), H and W multiples of ``size``, averaged down to ``size`` x ``size`` in boxes."""
    n, height, width, channels = images.shape
    return images.reshape(n, size, height // size, size, width // size, channels).mean(axis=(2, 4))


def truncated_normal(shape: tuple[int, ...], threshold: float | None, rng: np.random.Generator) -> np.ndarray:
    """Standard normal latent vectors, each entry beyond +-``threshold`` drawn again (BigGAN's truncation trick); None: no truncation."""
    z = rng.standard_normal(shape, dtype=np.float32)
    while threshold is not None and (outside := np.abs(z) > threshold).any():
        z[outside] = rng.standard_normal(outside.sum(), dtype=np.float32)
    return z


def predict(model: keras.Model, inputs: np.ndarray | list[np.ndarray], batch_size: int = 500) -> Any:
    """``model`` over ``inputs`` (an array, or a list of arrays) in chunks, in inference mode: its outputs
    (an array, or a list or dict of them) for every row.

    Chunks run through ``predict_on_batch``: the compiled forward pass without an input pipeline
    (``predict`` builds one per call, ~50 ms). A model built under a ``tf.distribute`` strategy would
    run every chunk on every replica; it is called directly instead, on this worker alone (no collective
    op, so the chief can sample while the other workers wait).
    """
    arrays = inputs if isinstance(inputs, list) else [inputs]
    distributed = getattr(model, "_distribute_strategy", None) is not None
    chunks = []
    for i in range(0, len(arrays[0]), batch_size):
        batch = [a[i : i + batch_size] for a in arrays]
        batch = batch if len(batch) > 1 else batch[0]
        chunks.append(model(batch, training=False) if distributed else model.predict_on_batch(batch))
    return keras.tree.map_structure(lambda *parts: np.concatenate([np.asarray(p) for p in parts]), *chunks)


def generate(generator: keras.Model, inputs: np.ndarray | list[np.ndarray], batch_size: int = 500) -> np.ndarray:
    """``generator``'s images (float32) for ``inputs`` (z, or [z, labels, ...]), in chunks, in inference mode (:func:`predict`)."""
    return predict(generator, inputs, batch_size).astype(np.float32)
