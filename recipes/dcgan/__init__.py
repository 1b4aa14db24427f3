"""DCGAN (Radford, Metz and Chintala, 2016): the GAN objective with convolutional networks.

GANs Cookbook ch. 4; Understanding Deep Learning fig. 15.3. The objective is the vanilla GAN's,

    min_G max_D  E_x[log D(x)] + E_z[log(1 - D(G(z)))]   (G trained non-saturating),

and the paper's contribution is the architecture that makes it train: strided and transposed
convolutions instead of pooling, BatchNorm in both networks (not on G's output or D's input),
ReLU in G with tanh out, LeakyReLU(0.2) in D, weights from N(0, 0.02), Adam(2e-4, beta_1=0.5).
"""

from dataclasses import dataclass

from gan_cookbook.common.layers import LOSS_STUDY, STACKED_MNIST_STUDY
from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import DCGANDiscriminator
from .gan import DCGAN
from .generator import DCGANGenerator
from .loss import DCGANLoss


@dataclass
class DCGANConfig(GANConfig):
    generator_filters: int = 128  # filters of G's last hidden layer, doubled at each coarser scale (paper: 128)
    discriminator_filters: int = 128  # filters of D's first layer, doubled at each coarser scale (paper: 128)
    kernel_size: int = 4
    hidden_units: int = 0  # > 0: a fully connected layer of this width after z in G and before the logit in D (0 = the paper's)
    saturating: bool = False  # G minimises E log(1 - D(G(z))), the paper's minimax form, instead of -E log D(G(z))
    discriminator_batchnorm: bool = True  # the paper's; the README compares a run without
    batch_size: int = 128
    steps: int = 15_000

    presets = {
        "quick": {"steps": 20, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8,
                  "sample_every": 10, "checkpoint_every": 10, "eval_samples": 500},
        # Sized for 20 minutes of a 2-core CPU: InfoGAN's MNIST networks (DCGAN's convolutions at 64
        # filters, one FC 1024 layer in each network) and rates (D 2e-4, G 1e-3), batch 100, a linear
        # learning-rate decay over the fixed budget and a moving average of G's weights to sample from.
        "reference": {"steps": 3_500, "batch_size": 100, "hidden_units": 1024, "generator_filters": 64,
                      "discriminator_filters": 64, "generator_learning_rate": 1e-3,
                      "generator_average": 0.999, "learning_rate_decay": True,
                      "sample_every": 500, "checkpoint_every": 1_000, "eval_every": 500},
        "rgb64": {"image_shape": (64, 64, 3), "dataset": "folder", "steps": 20_000},
        "study": {**LOSS_STUDY, "steps": 4_000},  # scripts/loss_study.py; steps sized for <= 5 CPU minutes
        "stacked": {**STACKED_MNIST_STUDY, "steps": 4_000},  # scripts/loss_study.py --preset stacked
    }  # fmt: skip


RECIPE = Recipe(
    name="dcgan",
    config=DCGANConfig,
    generator=DCGANGenerator,
    discriminator=DCGANDiscriminator,
    loss=DCGANLoss,
    gan=DCGAN,
    summary="convolutional generator and discriminator with BatchNorm",
    paper="Radford et al. 2016, Unsupervised Representation Learning with DCGANs",
)
