"""Conditional GAN (Mirza and Osindero, 2014): both networks see the class label y.

GANs in Action ch. 8. The objective is the GAN's with both distributions conditioned on y,

    min_G max_D  E_{x,y}[log D(x, y)] + E_{z,y}[log(1 - D(G(z, y), y))]   (G trained non-saturating),

so asking G for a "7" gives a 7. Here the networks are DCGAN's (``common/layers.py``): G joins
a learned label embedding to z; D reads the label's embedding as one more image channel.
"""

from dataclasses import dataclass

from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import CGANDiscriminator
from .gan import CGAN
from .generator import CGANGenerator
from .loss import CGANLoss


@dataclass
class CGANConfig(GANConfig):
    num_classes: int = 10
    labelled: bool = True  # real batches are (images, labels)
    label_embedding: int = 50  # width of G's label embedding, joined to z
    generator_filters: int = 64  # filters of G's last hidden layer, doubled at each coarser scale
    discriminator_filters: int = 64  # filters of D's first layer, doubled at each coarser scale
    kernel_size: int = 4
    discriminator_batchnorm: bool = True

    presets = {
        "quick": {"steps": 20, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8, "label_embedding": 4,
                  "sample_every": 10, "checkpoint_every": 10, "eval_samples": 500},
        # Sized for 20 minutes of the development machine's 2-core CPU, with DCGAN's reference tricks.
        "reference": {"steps": 8_000, "generator_average": 0.999, "learning_rate_decay": True,
                      "sample_every": 1_000, "checkpoint_every": 2_000, "eval_every": 2_000},
    }  # fmt: skip


RECIPE = Recipe(
    name="cgan",
    config=CGANConfig,
    generator=CGANGenerator,
    discriminator=CGANDiscriminator,
    loss=CGANLoss,
    gan=CGAN,
    summary="class-conditional DCGAN: G(z, y) and D(x, y)",
    paper="Mirza and Osindero 2014, Conditional Generative Adversarial Nets",
)
