"""Vanilla GAN (Goodfellow et al., 2014) with multilayer perceptrons.

GANs in Action ch. 3; GANs Cookbook ch. 3. The generator G maps noise z ~ N(0, I) to an image,
the discriminator D scores images, and the two play

    min_G max_D  E_x[log D(x)] + E_z[log(1 - D(G(z)))]

with G trained on the non-saturating form, max_G E_z[log D(G(z))].
"""

from dataclasses import dataclass

from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import MLPDiscriminator
from .gan import VanillaGAN
from .generator import MLPGenerator
from .loss import MinimaxLoss


@dataclass
class VanillaGANConfig(GANConfig):
    generator_units: tuple[int, ...] = (256, 512, 1024)
    discriminator_units: tuple[int, ...] = (512, 256)
    saturating: bool = False  # G minimises E log(1 - D(G(z))), the paper's minimax form, instead of -E log D(G(z))
    batch_size: int = 64
    steps: int = 30_000

    presets = {
        "quick": {"steps": 30, "batch_size": 16, "generator_units": (32, 64), "discriminator_units": (64, 32),
                  "sample_every": 10, "checkpoint_every": 20, "eval_samples": 500},
        # Sized for 10 minutes of a 2-core CPU, with a generator weight average and a linear
        # learning-rate decay over the fixed budget.
        "reference": {"steps": 40_000, "generator_average": 0.999, "learning_rate_decay": True,
                      "sample_every": 2_000, "checkpoint_every": 6_000, "eval_every": 6_000},
    }  # fmt: skip


RECIPE = Recipe(
    name="vanilla_gan",
    config=VanillaGANConfig,
    generator=MLPGenerator,
    discriminator=MLPDiscriminator,
    loss=MinimaxLoss,
    gan=VanillaGAN,
    summary="MLP generator and discriminator on flattened images",
    paper="Goodfellow et al. 2014, Generative Adversarial Nets",
)
