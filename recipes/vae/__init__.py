"""Variational autoencoder (Kingma and Welling 2014): an encoder q(z|x), a decoder p(x|z), and a prior N(0, I).

GANs in Action ch. 2. Both networks maximise the evidence lower bound (ELBO) on log p(x), here
minimised as its negative (the paper's eq. 10, with its reparameterisation z = mu + sigma * eps):

    min_{E,D}  E_x[ E_{eps ~ N(0, I)}[-log p(x | z = mu(x) + sigma(x) * eps)] + KL(N(mu(x), sigma(x)^2) || N(0, I)) ]

The KL term pulls every image's code distribution towards the prior, so the decoder learns to
draw an image from any z ~ N(0, I): the decoder is the generator. Pixels are Bernoulli, as in the
paper's MNIST experiments; the networks are DCGAN's (``gan_cookbook.common.autoencoding``), so its
row in the table differs from DCGAN's by the objective alone.
"""

from dataclasses import dataclass

from gan_cookbook.common.autoencoding import AutoencoderConfig
from gan_cookbook.common.template import Recipe

from .discriminator import VAEEncoder
from .gan import VAE
from .generator import VAEDecoder
from .loss import VAELoss

REFERENCE = {"steps": 4_000, "generator_filters": 64, "discriminator_filters": 64, "sample_every": 500,
             "checkpoint_every": 1_000, "eval_every": 1_000}  # fmt: skip


@dataclass
class VAEConfig(AutoencoderConfig):
    kl_weight: float = 1.0  # beta: 1 is the ELBO; beta-VAE (Higgins et al. 2017) weighs the KL term more

    presets = {
        "quick": {"steps": 20, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8, "hidden_units": 0,
                  "sample_every": 10, "checkpoint_every": 10, "eval_samples": 500},
        # Sized for about 6 minutes of a 2-core CPU: 4,000 steps of batch 100, almost 7 epochs of MNIST.
        "reference": REFERENCE,
        "reference-2d": {**REFERENCE, "latent_dim": 2},  # the latent-space figures (GANs in Action figs. 2.6 and 2.7)
    }  # fmt: skip


RECIPE = Recipe(
    name="vae",
    config=VAEConfig,
    generator=VAEDecoder,
    discriminator=VAEEncoder,
    loss=VAELoss,
    gan=VAE,
    summary="baseline: variational autoencoder, the decoder sampled from the prior N(0, I)",
    paper="Kingma and Welling 2014, Auto-Encoding Variational Bayes",
)
