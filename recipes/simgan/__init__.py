"""SimGAN (Shrivastava et al. 2017): a refiner that makes synthetic images look real and keeps their labels.

The refiner R edits a synthetic image (here a digit drawn from a font, whose label is known) as
little as it must to fool a discriminator that has seen real images (MNIST). Three ideas:

- self-regularisation: R pays the L1 distance to its own input, so the label stays true;
- a local adversarial loss: D scores every patch of an image, and each patch is a sample of the
  cross-entropy, so R cannot hide artefacts in a global score;
- a history of refined images: half of each D batch comes from a buffer of earlier refinements.

    L_D = - sum_patches log D(y) - sum_patches log(1 - D(R(x)))
    L_R = - sum_patches log D(R(x)) + lambda |R(x) - x|_1

(R in the non-saturating form, means instead of sums). Training starts with R fitted to the
self-regularisation term alone (1,000 steps) and D to the unrefined images (200 steps), then
alternates one D step with two R steps (K_d = 1, K_g = 2), as the paper's Algorithm 1.
"""

from dataclasses import dataclass

from gan_cookbook.common.template import Recipe
from gan_cookbook.common.translation import TranslationConfig

from .discriminator import LocalDiscriminator
from .gan import SimGAN
from .generator import Refiner
from .loss import SimGANLoss


@dataclass
class SimGANConfig(TranslationConfig):
    image_shape: tuple[int, int, int] = (28, 28, 1)
    dataset: str = "fonts_mnist"
    paired: bool = False
    refiner_filters: int = 64
    residual_blocks: int = 4
    discriminator_filters: int = 96
    self_regularization: float = 1.0  # lambda, on per-pixel means (the paper's sums differ by a constant factor)
    history_size: int = 6_400  # refined images kept; half of each D batch is drawn from them
    refiner_pretraining: int = 1_000  # steps of R on the self-regularisation term alone
    discriminator_pretraining: int = 200  # then steps of D alone
    refiner_steps: int = 2  # K_g: R's phase runs this many times per step (D's: discriminator_steps = K_d = 1)
    optimizer: str = "sgd"
    learning_rate: float = 1e-3
    batch_size: int = 512
    steps: int = 10_000
    eval_samples: int = 20_000  # refined training digits the evaluation's classifier learns from

    presets = {
        "quick": {"steps": 8, "batch_size": 8, "refiner_filters": 4, "residual_blocks": 1, "discriminator_filters": 12,
                  "history_size": 16, "refiner_pretraining": 2, "discriminator_pretraining": 2, "sample_every": 4,
                  "checkpoint_every": 4, "eval_samples": 200},
        # font digits -> MNIST; Adam instead of the paper's SGD at batch 512, for a CPU-sized run
        "reference": {"optimizer": "adam", "learning_rate": 2e-4, "beta_1": 0.5, "batch_size": 64, "refiner_filters": 32,
                      "discriminator_filters": 64, "steps": 4_000, "sample_every": 500, "checkpoint_every": 1_000},
    }  # fmt: skip


RECIPE = Recipe(
    name="simgan",
    config=SimGANConfig,
    generator=Refiner,
    discriminator=LocalDiscriminator,
    loss=SimGANLoss,
    gan=SimGAN,
    summary="refine synthetic images toward real ones: self-regularised ResNet refiner, local patch D, history buffer",
    paper="Shrivastava et al. 2017, Learning from Simulated and Unsupervised Images through Adversarial Training",
)
