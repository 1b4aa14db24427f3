"""Autoencoder (Hinton and Salakhutdinov 2006): an encoder squeezes each image to a code, a decoder draws it back.

GANs in Action ch. 2, the baseline before any GAN. The encoder E and the decoder D minimise the
reconstruction error alone, here the Bernoulli negative log-likelihood of the pixels,

    min_{E,D}  E_x[ -log p(x | z = E(x)) ],    p(x | z) = prod_i Bernoulli(x_i; D(z)_i),

with nothing that shapes where the codes fall. To sample, the decoder reads codes drawn from the
Gaussian fitted to the training codes (``gan_cookbook.common.autoencoding``). The networks are
DCGAN's, the decoder in the generator's slot and the encoder in the discriminator's.
"""

from dataclasses import dataclass

from gan_cookbook.common.autoencoding import AutoencoderConfig
from gan_cookbook.common.template import Recipe

from .discriminator import AutoencoderEncoder
from .gan import AutoencoderGAN
from .generator import AutoencoderDecoder
from .loss import AutoencoderLoss

REFERENCE = {"steps": 4_000, "generator_filters": 64, "discriminator_filters": 64, "sample_every": 500,
             "checkpoint_every": 1_000, "eval_every": 1_000}  # fmt: skip


@dataclass
class AutoencoderRunConfig(AutoencoderConfig):
    momentum: float = 0.99  # of the moving averages of the codes' mean and second moment

    presets = {
        "quick": {"steps": 20, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8, "hidden_units": 0,
                  "sample_every": 10, "checkpoint_every": 10, "eval_samples": 500},
        # Sized for about 6 minutes of a 2-core CPU: 4,000 steps of batch 100, almost 7 epochs of MNIST.
        "reference": REFERENCE,
        "reference-2d": {**REFERENCE, "latent_dim": 2},  # the latent-space figures
    }  # fmt: skip
    fractions = (*AutoencoderConfig.fractions, "momentum")


RECIPE = Recipe(
    name="autoencoder",
    config=AutoencoderRunConfig,
    generator=AutoencoderDecoder,
    discriminator=AutoencoderEncoder,
    loss=AutoencoderLoss,
    gan=AutoencoderGAN,
    summary="baseline: deterministic encoder and decoder, sampled through a Gaussian fitted to the codes",
    paper="Hinton and Salakhutdinov 2006, Reducing the Dimensionality of Data with Neural Networks",
)
