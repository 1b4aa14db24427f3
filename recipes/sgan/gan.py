"""SGAN: one discriminator is both the GAN's judge and a K-way classifier trained on a few labels."""

import keras
import numpy as np
from keras import layers, ops

from common.data import labelled_subset
from common.layers import data_dependent_init
from common.template import GAN, Composite


class FeatureGap(layers.Layer):
    """f(G(z)) - mean_x f(x): each fake's features minus the real batch's mean features."""

    def call(self, fake_features, real_features):
        return fake_features - ops.mean(real_features, axis=0, keepdims=True)


class SGAN(GAN):
    """D step: class loss on a labelled batch, source loss on an unlabelled real batch and on fakes;
    G frozen. G step: feature matching against an unlabelled real batch (or the template's
    non-saturating loss); D frozen.

    Only ``labels_per_class`` images per class keep their labels (chosen by seed, the same for
    every run with that seed); every training image is used unlabelled. With
    ``supervised_baseline``, only D's class loss on those labels is trained, and G never is.
    """

    @property
    def trains_generator(self) -> bool:
        return not self.config.supervised_baseline

    def training_data(self, data: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Keep the seed's labelled subset for the class loss; hand the loop every image, unlabelled."""
        images, labels = data
        keep = labelled_subset(labels, self.config.labels_per_class, self.config.seed)
        self.labelled = images[keep], labels[keep]
        if self.config.weight_norm and int(self.discriminator_step.optimizer.iterations) == 0:  # before D's first step
            # D's weight-normalised layers start at zero mean, unit variance on 500 real images
            start = np.random.default_rng([self.config.seed, 8]).choice(len(images), min(500, len(images)), replace=False)
            data_dependent_init(self.discriminator, images[np.sort(start)])
        return images

    def build_composites(self) -> tuple[Composite, Composite]:
        g, d, c = self.generator, self.discriminator, self.config
        x_labelled, x = keras.Input(c.image_shape, name="x_labelled"), keras.Input(c.image_shape, name="x")
        z = keras.Input((c.latent_dim,), name="z")
        if c.supervised_baseline:  # the classifier alone, on the labelled images alone
            discriminator_step = Composite(x_labelled, {"class": d(x_labelled)["class"]}, trainable_part=d, name="discriminator_step")
        else:
            outputs = {"class": d(x_labelled)["class"], "real": d(x)["source"], "fake": d(g(z))["source"]}
            discriminator_step = Composite([x_labelled, x, z], outputs, trainable_part=d, name="discriminator_step")
        x, z = keras.Input(c.image_shape, name="x"), keras.Input((c.latent_dim,), name="z")
        fake = d(g(z))
        if c.feature_matching:
            outputs = {"feature_gap": FeatureGap(name="feature_gap")(fake["features"], d(x)["features"])}
        else:
            outputs = {"fake": fake["source"]}
        combined = Composite([x, z], outputs, trainable_part=g, name="combined")
        return discriminator_step, combined

    def compile(self) -> None:
        loss, c, w = self.loss, self.config, self.loss.unlabelled_weight
        losses = {"class": loss.classification, "real": loss.discriminator, "fake": loss.discriminator}
        weights = {"class": 1.0, "real": 0.5 * w, "fake": 0.5 * w}  # the paper's weighting
        metrics = {"class": [loss.class_accuracy], "real": [loss.accuracy], "fake": [loss.accuracy]}
        terms = list(self.discriminator_step.output)  # the supervised baseline's step has "class" alone
        self.discriminator_step.compile(
            optimizer=self.make_optimizer("discriminator"),
            loss={k: losses[k] for k in terms},
            loss_weights={k: weights[k] for k in terms},
            metrics={k: metrics[k] for k in terms},
            jit_compile=c.jit_compile,
        )
        generator_loss = {"feature_gap": loss.feature_matching} if c.feature_matching else {"fake": loss.generator}
        self.combined.compile(optimizer=self.make_optimizer("generator"), loss=generator_loss, jit_compile=c.jit_compile)

    def labelled_batch(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """``n`` labelled images and their classes, drawn without replacement while the subset lasts."""
        if not hasattr(self, "labelled"):
            raise RuntimeError("SGAN has no labelled images yet: pass the dataset through gan.training_data((images, labels)) first")
        images, classes = self.labelled
        index = rng.choice(len(images), n, replace=n > len(images))
        return images[index], classes[index]

    def discriminator_batch(self, real: np.ndarray, rng: np.random.Generator) -> tuple[list, dict]:
        n, loss = len(real), self.loss
        images, classes = self.labelled_batch(n, rng)
        if not self.trains_generator:
            return images, {"class": classes}
        targets = {"class": classes, "real": self.labels(n, loss.real_label), "fake": self.labels(n, loss.fake_label)}
        return [images, real, self.sample_latent(n, rng)], targets

    def generator_batch(self, real: np.ndarray, rng: np.random.Generator) -> tuple[list, dict]:
        n = len(real)
        if self.config.feature_matching:
            targets = {"feature_gap": np.zeros((n, self.config.discriminator_units[-1]), np.float32)}
        else:
            targets = {"fake": self.labels(n, self.loss.generator_label)}
        return [real, self.sample_latent(n, rng)], targets

    def train_step(self, real: np.ndarray, rng: np.random.Generator) -> dict[str, float]:
        """The template's step; the supervised baseline takes D's step alone."""
        if self.trains_generator:
            return super().train_step(real, rng)
        d = self.discriminator_step.train_on_batch(*self.discriminator_batch(real, rng), return_dict=True)
        return {"d_loss": d["loss"], "d_class_acc": d["class_accuracy"]}  # one output: Keras names its metric unprefixed

    def step_logs(self, d: dict, g: dict) -> dict[str, float]:
        """The template's four, plus how often D names the class of its labelled batch."""
        return {**super().step_logs(d, g), "d_class_acc": d["class_class_accuracy"]}
