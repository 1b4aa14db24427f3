"""InfoGAN (Chen et al. 2016): an unsupervised GAN whose codes come out interpretable.

Understanding Deep Learning figs. 15.13c and 15.15. G's input is noise z and a code c (here one
10-way categorical code and two continuous ones). A head Q on D's body guesses c back from
G(z, c), and both G and Q maximise L_I, a lower bound on the mutual information I(c; G(z, c)):

    min_{G,Q} max_D  V(D, G) - lambda L_I(G, Q),   L_I = E[log Q(c | G(z, c))] + H(c).

No labels are used; on MNIST the categorical code tends to pick up the digit and the continuous
codes rotation and stroke width.
"""

from dataclasses import dataclass

from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import InfoGANDiscriminator
from .gan import InfoGAN
from .generator import InfoGANGenerator
from .loss import InfoGANLoss


@dataclass
class InfoGANConfig(GANConfig):
    latent_dim: int = 64  # 62 noise dimensions (the paper's) + the continuous codes, last
    num_classes: int = 10  # values of the categorical code (G's one-hot class input)
    continuous_codes: int = 2
    info_weight: float = 1.0  # lambda for the categorical code (paper: 1)
    continuous_weight: float = 0.1  # lambda for the continuous codes ("smaller", says the paper; 0.1 is ours)
    generator_filters: int = 64  # the paper's: 7x7x128 -> 14x14x64 -> 28x28
    discriminator_filters: int = 64  # the paper's: 64 then 128
    kernel_size: int = 4
    discriminator_batchnorm: bool = True
    batch_size: int = 100
    learning_rate: float = 2e-4  # D's (paper)
    generator_learning_rate: float = 1e-3  # G's (paper)

    presets = {
        "quick": {"steps": 20, "batch_size": 16, "generator_filters": 8, "discriminator_filters": 8,
                  "sample_every": 10, "checkpoint_every": 10, "eval_samples": 500},
        # Sized for 20 minutes of a 2-core CPU, with the other references' average and decay.
        "reference": {"steps": 5_000, "generator_average": 0.999, "learning_rate_decay": True,
                      "sample_every": 1_000, "checkpoint_every": 2_000, "eval_every": 2_000},
    }  # fmt: skip


RECIPE = Recipe(
    name="infogan",
    config=InfoGANConfig,
    generator=InfoGANGenerator,
    discriminator=InfoGANDiscriminator,
    loss=InfoGANLoss,
    gan=InfoGAN,
    summary="unsupervised codes: a Q head on D reads back the categorical and continuous codes",
    paper="Chen et al. 2016, InfoGAN: Interpretable Representation Learning by Information Maximizing GANs",
)
