"""SGAN: one discriminator is both the GAN's judge and a K-way classifier trained on a few labels."""

import numpy as np
from keras import ops

from gan_cookbook.common.data import labelled_subset
from gan_cookbook.common.layers import data_dependent_init
from gan_cookbook.common.template import GAN, Phase, Stream, random_stream


class SGAN(GAN):
    """discriminator: class loss on a labelled batch, source loss on an unlabelled real batch and on
    fakes; G frozen. generator: feature matching against an unlabelled real batch (or the template's
    non-saturating loss); D frozen.

    Only ``labels_per_class`` images per class keep their labels (chosen by seed, the same for
    every run with that seed); every training image is used unlabelled. With
    ``supervised_baseline``, one phase, ``classifier``, trains D's class loss on those labels alone.
    """

    classifier = "class"

    def phases(self) -> list[Phase]:
        if self.config.supervised_baseline:
            return [Phase("classifier", trains="discriminator", prefix="d")]
        return super().phases()

    def training_data(self, data: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Keep the seed's labelled subset for the class loss; hand the loop every image, unlabelled."""
        images, labels = data
        keep = labelled_subset(labels, self.config.labels_per_class, self.config.seed)
        self.labelled = images[keep], labels[keep]
        if self.config.weight_norm and ops.convert_to_numpy(self.optimizer_of("discriminator").iterations) == 0:  # before D's first step
            # D's weight-normalised layers start at zero mean, unit variance on 500 real images
            start = random_stream(self.config.seed, Stream.INITIALISATION).choice(len(images), min(500, len(images)), replace=False)
            data_dependent_init(self.discriminator, images[np.sort(start)])
        return images

    def labelled_batch(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """``n`` labelled images and their classes, drawn without replacement while the subset lasts."""
        if not hasattr(self, "labelled"):
            raise RuntimeError("SGAN has no labelled images yet: pass the dataset through gan.training_data((images, labels)) first")
        images, classes = self.labelled
        index = rng.choice(len(images), n, replace=n > len(images))
        return images[index], classes[index]

    def classifier_inputs(self, draw, rng: np.random.Generator) -> dict:
        x_labelled, classes = self.labelled_batch(draw.batch_size, rng)
        return {"x_labelled": x_labelled, "classes": classes}

    def classifier_outputs(self, x_labelled) -> dict:
        return {"class_logits": self.discriminator(x_labelled)["class"]}

    def discriminator_inputs(self, draw, rng: np.random.Generator) -> dict:
        return {**self.classifier_inputs(draw, rng), **super().discriminator_inputs(draw, rng)}

    def discriminator_outputs(self, x_labelled, x, z) -> dict:
        return {**self.classifier_outputs(x_labelled), **{k: v["source"] for k, v in super().discriminator_outputs(x, z).items()}}

    def generator_inputs(self, draw, rng: np.random.Generator) -> dict:
        real = draw()
        return {"x": real, "z": self.sample_latent(len(real), rng)}

    def generator_outputs(self, x, z) -> dict:
        fake = self.discriminator(self.generator(z))
        return {"fake": fake["source"], "fake_features": fake["features"], "real_features": self.discriminator(x)["features"]}
