"""Hinge-loss GAN with spectral normalisation (Miyato et al. 2018).

Understanding Deep Learning 15.2.5. Every layer of D divides its weight matrix by its largest
singular value (estimated by one power iteration per step), which bounds D's Lipschitz constant
by 1 without clipping or a penalty; the objective is the hinge loss

    min_D  E_x[max(0, 1 - D(x))] + E_z[max(0, 1 + D(G(z)))],     min_G  -E_z[D(G(z))].

Adam(2e-4, beta_1 0.5, beta_2 0.999), one D step per G step: the paper's Table 1, setting C.
"""

from dataclasses import dataclass

from gan_cookbook.common.layers import LOSS_STUDY, STACKED_MNIST_STUDY, ConvNetworks
from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import SNGANDiscriminator
from .gan import SNGAN
from .generator import SNGANGenerator
from .loss import SNGANLoss


@dataclass
class SNGANConfig(GANConfig, ConvNetworks):
    learning_rate: float = 2e-4
    beta_1: float = 0.5
    beta_2: float = 0.999
    batch_size: int = 64

    presets = {
        "quick": {"steps": 20, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8,
                  "sample_every": 10, "checkpoint_every": 10, "eval_samples": 500},
        # The paper's all-convolutional networks at 64 filters (with the DCGAN reference's FC 1024 layers, G collapsed
        # to a single image in every setting tried on the validation split; see the README), batch 100, a linear decay
        # and G's weight average, sized for 20 minutes of a 2-core CPU; seed 1, since seed 0 ran the validation probes.
        "reference": {"steps": 12_000, "batch_size": 100, "generator_average": 0.999, "learning_rate_decay": True,
                      "seed": 1, "sample_every": 1_000, "checkpoint_every": 2_000, "eval_every": 1_000},
        "study": {**LOSS_STUDY, "steps": 4_000},  # scripts/loss_study.py; steps sized for <= 5 CPU minutes
        "stacked": {**STACKED_MNIST_STUDY, "steps": 4_000},  # scripts/loss_study.py --preset stacked
    }  # fmt: skip


RECIPE = Recipe(
    name="sngan",
    config=SNGANConfig,
    generator=SNGANGenerator,
    discriminator=SNGANDiscriminator,
    loss=SNGANLoss,
    gan=SNGAN,
    summary="hinge loss; every layer of D spectrally normalised",
    paper="Miyato et al. 2018, Spectral Normalization for Generative Adversarial Networks",
)
