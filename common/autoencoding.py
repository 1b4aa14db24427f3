"""Autoencoders on the template, the baseline a GAN is measured against (GANs in Action ch. 2): the decoder
is the generator, the encoder takes the discriminator's slot, and one phase trains both.

This file imports only keras, numpy, ``common/template.py`` and ``common/layers.py``: copy it and those two
beside a recipe.

Where the template does not fit, and what is done instead:

- **No adversary.** There is one phase, ``autoencoder``, and it trains the encoder and the decoder
  together on one objective (the reconstruction error; the VAE adds its KL term); nothing is frozen
  inside it, so the freeze has nothing to hold.
- **The discriminator's slot holds the encoder.** It is saved as ``encoder.keras`` and checkpointed
  like any network; ``evaluate`` scores the samples, not the encoder.
- **Sampling needs a distribution over codes.** A VAE's decoder reads the prior N(0, I) it was
  trained against. A plain autoencoder's codes follow no chosen law, so its sampler maps N(0, I)
  through the Gaussian of its training codes, z -> mu + L z with L L^T their covariance (an ex-post
  density fitted to the codes, as in Ghosh et al. 2020), tracked during training by the encoder's
  :class:`~gan_cookbook.common.layers.MovingMoments` layer. Either way ``generator.keras`` takes
  N(0, I) vectors, so ``sample``, ``interpolate`` and ``evaluate`` work unchanged.

Networks: DCGAN's (``common/layers.py``): the decoder is DCGAN's generator, the encoder DCGAN's
discriminator with a code head in place of the score, so the table's rows compare objectives on
the same networks. Pixels enter the objectives as Bernoulli probabilities (x + 1) / 2, the
likelihood Kingma and Welling use for MNIST.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import keras
import numpy as np
from keras import layers, ops

from gan_cookbook.common.layers import ConvNetworks, MovingMoments, dense_block, downsampling_stack
from gan_cookbook.common.template import GAN, Discriminator, GANConfig, Generator, Phase, generate, mean, predict


@dataclass
class AutoencoderConfig(ConvNetworks, GANConfig):
    """An autoencoder run: DCGAN's networks, Adam at the rates autoencoders are usually trained with."""

    latent_dim: int = 20  # Kingma and Welling's MNIST experiments use 2 to 200; 20 is one of their sizes
    batch_size: int = 100  # the paper's minibatch
    learning_rate: float = 1e-3
    beta_1: float = 0.9
    hidden_units: int = 1024  # a fully connected layer after z in the decoder and before the code in the encoder
    encoder_batchnorm: bool = True


class Decoder(Generator):
    """The network in the generator's slot: code -> image."""

    network = "decoder"


class Encoder(Discriminator):
    """The network in the discriminator's slot: image -> code."""

    network = "encoder"


def encoder_features(config: AutoencoderConfig) -> tuple[keras.KerasTensor, keras.KerasTensor]:
    """The input and the features of DCGAN's discriminator without its score, for a code head to read."""
    c = config
    x = keras.Input(c.image_shape, name="image")
    h = downsampling_stack(x, c.discriminator_filters, c.kernel_size, c.encoder_batchnorm)
    return x, dense_block(h, c.hidden_units, "leaky_relu", c.encoder_batchnorm) if c.hidden_units else h


# -- objectives ---------------------------------------------------------------------------------
def bernoulli_reconstruction(x, reconstruction) -> keras.KerasTensor:
    """-log p(x | z) per image, summed over pixels, batch mean: the cross-entropy of the decoder's pixel
    probabilities (reconstruction + 1) / 2 against the image's (x + 1) / 2 (nats; not 0 at a perfect
    reconstruction, since MNIST's pixels are grey levels, not bits)."""
    target = (ops.cast(x, "float32") + 1) / 2
    p = ops.clip((ops.cast(reconstruction, "float32") + 1) / 2, 1e-7, 1 - 1e-7)
    per_pixel = -(target * ops.log(p) + (1 - target) * ops.log(1 - p))
    return mean(ops.sum(ops.reshape(per_pixel, (ops.shape(per_pixel)[0], -1)), axis=1))


def gaussian_kl(mean_, log_variance) -> keras.KerasTensor:
    """KL(N(mean, exp(log_variance)) || N(0, I)) per image, summed over the code, batch mean (the paper's eq. 10)."""
    kl = -0.5 * ops.sum(1 + log_variance - ops.square(mean_) - ops.exp(log_variance), axis=-1)
    return mean(kl)


# -- the GAN ------------------------------------------------------------------------------------
class Autoencoder(GAN):
    """One phase trains the encoder and the decoder together; a recipe writes ``autoencoder_outputs``
    (the forward pass, with ``reconstruction`` among its outputs) and its ``Loss.autoencoder``::

        autoencoder: x -> reconstruction = decoder(encoder(x))     trains the encoder and the decoder
    """

    phase_name: ClassVar[str] = "autoencoder"

    def phases(self) -> list[Phase]:
        return [Phase(self.phase_name, trains=(self.discriminator_name, self.generator_name))]

    def autoencoder_inputs(self, draw, rng: np.random.Generator) -> dict:
        return {"x": draw()}

    def encode(self, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
        """The codes of ``images`` in inference mode: the encoder's mean for a VAE."""
        return encode(self.evaluated_discriminator, images, batch_size)

    def reconstruct(self, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
        """decoder(code(images)), in inference mode."""
        return generate(self.networks[self.generator_name], self.encode(images, batch_size), batch_size)


def encode(encoder: keras.Model, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """``encoder``'s codes of ``images`` in inference mode, in chunks: the first output of a VAE's (its mean)."""
    codes = predict(encoder, images, batch_size)
    return (codes[0] if isinstance(codes, (list, tuple)) else codes).astype(np.float32)


def decoder_of(generator: keras.Model) -> keras.Model:
    """The decoder inside a saved ``generator.keras``: itself for a VAE, the model after the code
    distribution for an autoencoder."""
    try:
        return generator.get_layer("decoder")
    except ValueError:
        return generator


def manifold_inputs(n: int = 20) -> np.ndarray:
    """An n x n grid of 2-D latent vectors at the standard normal's quantiles 1/(2n), 3/(2n), ..., rows from the
    top (z[1] falling) and columns from the left (z[0] rising): the grid Kingma and Welling decode (their fig. 4;
    GANs in Action fig. 2.7)."""
    from statistics import NormalDist

    q = np.array([NormalDist().inv_cdf((i + 0.5) / n) for i in range(n)], dtype=np.float32)
    return np.stack(np.meshgrid(q, q[::-1]), axis=-1).reshape(-1, 2)


class CodeDistribution:
    """An autoencoder's sampler: z ~ N(0, I) -> mu + L z -> decoder, with mu and L L^T the mean and
    covariance that the encoder's :class:`MovingMoments` layer has tracked (set each time it is read)."""

    def __init__(self, encoder: keras.Model, decoder: keras.Model) -> None:
        self.moments = next(layer for layer in encoder.layers if isinstance(layer, MovingMoments))
        z = keras.Input(decoder.inputs[0].shape[1:], name="z")
        self.affine = layers.Dense(z.shape[-1], name="code_distribution")
        self.model = keras.Model(z, decoder(self.affine(z)), name="generator")

    def fitted(self) -> keras.Model:
        """The sampler with mu and L from the current statistics."""
        covariance = np.asarray(self.moments.covariance(), dtype=np.float64)
        d = len(covariance)
        factor = np.linalg.cholesky(0.5 * (covariance + covariance.T) + 1e-6 * np.eye(d))
        self.affine.set_weights([factor.T.astype(np.float32), np.asarray(self.moments.moving_mean, dtype=np.float32)])
        return self.model
