"""Pix2Pix (Isola et al. 2017): a conditional GAN that learns a paired image-to-image mapping.

G is a U-Net from the source image to the target; D is a PatchGAN that judges (source, image)
pairs patch by patch; G also pays an L1 distance to the true target, which carries the low
frequencies and leaves D the sharp details:

    G* = arg min_G max_D  E[log D(s, t)] + E[log(1 - D(s, G(s)))] + lambda E ||t - G(s)||_1,   lambda = 100

(non-saturating G, D's objective halved, as in the paper). The only noise is dropout in G,
left on in training. ``adversarial=False`` trains the same U-Net on the L1 term alone, the
paper's "L1" baseline row.
"""

from dataclasses import dataclass

from gan_cookbook.common.template import Recipe
from gan_cookbook.common.translation import TranslationConfig

from .discriminator import PatchDiscriminator
from .gan import Pix2Pix
from .generator import UNetGenerator
from .loss import Pix2PixLoss


@dataclass
class Pix2PixConfig(TranslationConfig):
    generator_filters: int = 64
    discriminator_filters: int = 64
    patch_downsamplings: int = 3  # the paper's 70x70 PatchGAN at 256x256; 2 gives 34x34 patches (the 64x64 presets)
    dropout: float = 0.5
    l1_weight: float = 100.0  # lambda
    adversarial: bool = True  # False: the L1-only baseline (G's phase alone)
    batch_size: int = 1  # the paper's, with instance-like BatchNorm at batch 1
    learning_rate: float = 2e-4
    beta_1: float = 0.5
    steps: int = 40_000

    presets = {
        "quick": {"steps": 6, "batch_size": 2, "image_shape": (32, 32, 3), "generator_filters": 4, "discriminator_filters": 4,
                  "patch_downsamplings": 2, "sample_every": 3, "checkpoint_every": 3},
        # Google -> Twitter emoji, 64x64: 34x34 patches; sized for the 30-minute budget on 2 CPU cores
        "reference": {"dataset": "emoji", "image_shape": (64, 64, 3), "patch_downsamplings": 2, "generator_filters": 32,
                      "discriminator_filters": 32, "batch_size": 8, "steps": 12_000, "sample_every": 1_000, "checkpoint_every": 2_000},
        # MNIST edge maps -> digits, on a 32x32 canvas
        "reference-digits": {"dataset": "mnist_edges", "image_shape": (32, 32, 1), "patch_downsamplings": 2,
                             "generator_filters": 32, "discriminator_filters": 32, "batch_size": 32, "steps": 4_000,
                             "sample_every": 500, "checkpoint_every": 1_000},
    }  # fmt: skip


RECIPE = Recipe(
    name="pix2pix",
    config=Pix2PixConfig,
    generator=UNetGenerator,
    discriminator=PatchDiscriminator,
    loss=Pix2PixLoss,
    gan=Pix2Pix,
    summary="paired image-to-image translation: U-Net G, PatchGAN D on pairs, L1 weight 100",
    paper="Isola et al. 2017, Image-to-Image Translation with Conditional Adversarial Networks",
)
