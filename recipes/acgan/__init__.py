"""Auxiliary-classifier GAN (Odena, Olah and Shlens, 2017): D also names the class.

Understanding Deep Learning fig. 15.13b. G(z, c) is conditioned on a class c as in CGAN; D sees
only the image and has two heads, real/fake ("source") and the class. With

    L_S = E[log P(real | x_real)] + E[log P(fake | x_fake)],   L_C = E[log P(c | x_real)] + E[log P(c | x_fake)],

D maximises L_S + L_C and G maximises L_C - L_S. The networks are DCGAN's (``common/layers.py``).
"""

from dataclasses import dataclass

from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import ACGANDiscriminator
from .gan import ACGAN
from .generator import ACGANGenerator
from .loss import ACGANLoss


@dataclass
class ACGANConfig(GANConfig):
    num_classes: int = 10
    labelled: bool = True  # real batches are (images, labels)
    class_weight: float = 1.0  # w in L_S + w L_C; the paper weighs the terms equally
    classify_fakes: bool = True  # the paper's: D's class head is fitted to fakes' classes too (False: real images only)
    label_embedding: int = 50  # width of G's class embedding, joined to z
    generator_filters: int = 64  # filters of G's last hidden layer, doubled at each coarser scale
    discriminator_filters: int = 64  # filters of D's first layer, doubled at each coarser scale
    kernel_size: int = 4
    discriminator_batchnorm: bool = True

    presets = {
        "quick": {"steps": 20, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8, "label_embedding": 4,
                  "sample_every": 10, "checkpoint_every": 10, "eval_samples": 500},
        # CGAN's reference run with ACGAN's objective (same networks, steps, average and decay), and D's
        # class head fitted to real images only: with the paper's fake-class term, 2s came out as 7s.
        "reference": {"steps": 8_000, "classify_fakes": False, "generator_average": 0.999, "learning_rate_decay": True,
                      "sample_every": 1_000, "checkpoint_every": 2_000, "eval_every": 2_000},
    }  # fmt: skip


RECIPE = Recipe(
    name="acgan",
    config=ACGANConfig,
    generator=ACGANGenerator,
    discriminator=ACGANDiscriminator,
    loss=ACGANLoss,
    gan=ACGAN,
    summary="class-conditional G; D judges real/fake and names the class",
    paper="Odena et al. 2017, Conditional Image Synthesis with Auxiliary Classifier GANs",
)
