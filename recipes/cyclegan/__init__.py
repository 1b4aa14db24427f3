"""CycleGAN (Zhu et al. 2017): unpaired translation between two domains A and B, kept honest by cycles.

Two generators, G: A -> B and F: B -> A, and two PatchGAN discriminators, D_B on B and D_A on A,
trained with the least-squares objective. Nothing ties an output to its input but the cycle:
a translated image must translate back to where it came from. The identity term asks each
generator to leave an image that is already in its output domain alone (it keeps colours):

    L(G, F) = E_a (D_B(G(a)) - 1)^2 + E_b (D_A(F(b)) - 1)^2
              + lambda (E_a |F(G(a)) - a|_1 + E_b |G(F(b)) - b|_1)           cycle, lambda = 10
              + 0.5 lambda (E_b |G(b) - b|_1 + E_a |F(a) - a|_1)              identity
    D_B: 1/2 E_b (D_B(b) - 1)^2 + 1/2 E (D_B(pool(G(a))))^2, and D_A alike

Each discriminator is shown fakes from a pool of the 50 last generated images (Shrivastava et
al. 2017), and the learning rate is constant for the first half of training and decays
linearly to 0 over the second.
"""

from dataclasses import dataclass

from gan_cookbook.common.template import Recipe
from gan_cookbook.common.translation import TranslationConfig

from .discriminator import DomainADiscriminator, DomainBDiscriminator
from .gan import CycleGAN
from .generator import ForwardGenerator, InverseGenerator
from .loss import CycleGANLoss


@dataclass
class CycleGANConfig(TranslationConfig):
    paired: bool = False
    generator_filters: int = 64
    residual_blocks: int = 6  # the paper's 6 at 128x128, 9 at 256x256
    discriminator_filters: int = 64
    patch_downsamplings: int = 3  # the 70x70 PatchGAN; 2 gives 34x34 patches
    cycle_weight: float = 10.0  # lambda
    identity_weight: float = 0.5  # times lambda; 0 = no identity term
    pool_size: int = 50
    batch_size: int = 1
    learning_rate: float = 2e-4
    beta_1: float = 0.5
    learning_rate_decay: bool = True
    decay_start: float = 0.5  # 100 epochs at 2e-4, then 100 decaying to 0
    steps: int = 200_000

    presets = {
        "quick": {"steps": 6, "batch_size": 2, "image_shape": (32, 32, 3), "generator_filters": 4, "residual_blocks": 1,
                  "discriminator_filters": 4, "patch_downsamplings": 2, "pool_size": 4, "sample_every": 3, "checkpoint_every": 3},
        # Google <-> Twitter emoji, trained without the pairs; sized for the 30-minute budget on 2 CPU cores
        "reference": {"dataset": "emoji", "image_shape": (64, 64, 3), "generator_filters": 16, "residual_blocks": 6,
                      "discriminator_filters": 32, "patch_downsamplings": 2, "batch_size": 4, "steps": 5_000,
                      "sample_every": 500, "checkpoint_every": 1_000},
        # font digits <-> MNIST on a 32x32 canvas
        "reference-digits": {"dataset": "fonts_mnist", "image_shape": (32, 32, 1), "generator_filters": 16,
                             "residual_blocks": 6, "discriminator_filters": 32, "patch_downsamplings": 2, "batch_size": 16,
                             "steps": 4_000, "sample_every": 500, "checkpoint_every": 1_000},
    }  # fmt: skip


RECIPE = Recipe(
    name="cyclegan",
    config=CycleGANConfig,
    generator=ForwardGenerator,
    discriminator=DomainBDiscriminator,
    loss=CycleGANLoss,
    gan=CycleGAN,
    more=(InverseGenerator, DomainADiscriminator),
    summary="unpaired translation A <-> B: two ResNet generators, two PatchGANs, cycle and identity terms, pools",
    paper="Zhu et al. 2017, Unpaired Image-to-Image Translation using Cycle-Consistent Adversarial Networks",
)
