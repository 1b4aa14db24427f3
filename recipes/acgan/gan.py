"""ACGAN: G is conditioned on a class like CGAN's; D, unconditioned, also classifies (its auxiliary head)."""

import keras
import numpy as np

from common.template import Composite, ConditionalGAN, batch_length, label_input, one_hot


class ACGAN(ConditionalGAN):
    """D step: D(x) -> (source, class) on real images with their classes and on fakes made for
    uniform classes, G frozen. G step: G(z, c) through D, D frozen, fitted to "real" and to c.
    """

    def build_composites(self) -> tuple[Composite, Composite]:
        g, d, c = self.generator, self.discriminator, self.config
        x, z, c_fake = keras.Input(c.image_shape, name="x"), keras.Input((c.latent_dim,), name="z"), label_input(c.num_classes, "c")
        real, fake = d(x), d(g([z, c_fake]))
        discriminator_step = Composite(
            [x, z, c_fake],
            {"real": real["source"], "fake": fake["source"], "real_class": real["class"], "fake_class": fake["class"]},
            trainable_part=d,
            name="discriminator_step",
        )
        z, c_fake = keras.Input((c.latent_dim,), name="z"), label_input(c.num_classes, "c")
        fake = d(g([z, c_fake]))
        combined = Composite([z, c_fake], {"fake": fake["source"], "fake_class": fake["class"]}, trainable_part=g, name="combined")
        return discriminator_step, combined

    def compile(self) -> None:
        loss, w, jit = self.loss, self.loss.class_weight, self.config.jit_compile
        self.discriminator_step.compile(
            optimizer=self.make_optimizer("discriminator"),
            loss={
                "real": loss.discriminator,
                "fake": loss.discriminator,
                "real_class": loss.classification,
                "fake_class": loss.classification,
            },
            # means over all 2B images; without classify_fakes, D's class head learns from real images only
            loss_weights={"real": 0.5, "fake": 0.5, "real_class": 0.5 * w, "fake_class": 0.5 * w if self.config.classify_fakes else 0.0},
            metrics={
                "real": [loss.accuracy],
                "fake": [loss.accuracy],
                "real_class": [loss.class_accuracy],
                "fake_class": [loss.class_accuracy],
            },
            jit_compile=jit,
        )
        self.combined.compile(
            optimizer=self.make_optimizer("generator"),
            loss={"fake": loss.generator, "fake_class": loss.classification},
            loss_weights={"fake": 1.0, "fake_class": w},
            jit_compile=jit,
        )

    def discriminator_batch(self, real: tuple[np.ndarray, np.ndarray], rng: np.random.Generator) -> tuple[list, dict]:
        (images, classes), loss = real, self.loss
        n = len(images)
        z, fake_classes = self.sample_latent(n, rng), rng.integers(0, self.config.num_classes, n)
        targets = {
            "real": self.labels(n, loss.real_label),
            "fake": self.labels(n, loss.fake_label),
            "real_class": classes,
            "fake_class": fake_classes,
        }
        return [images, z, one_hot(fake_classes, self.config.num_classes)], targets

    def generator_batch(self, real: tuple[np.ndarray, np.ndarray], rng: np.random.Generator) -> tuple[list, dict]:
        n = batch_length(real)
        z, classes = self.sample_latent(n, rng), rng.integers(0, self.config.num_classes, n)
        return [z, one_hot(classes, self.config.num_classes)], {"fake": self.labels(n, self.loss.generator_label), "fake_class": classes}

    def step_logs(self, d: dict, g: dict) -> dict[str, float]:
        """The template's four, plus how often D's auxiliary head names the class of real and of fake images."""
        return {
            **super().step_logs(d, g),
            "d_class_acc_real": d["real_class_class_accuracy"],
            "d_class_acc_fake": d["fake_class_class_accuracy"],
        }
