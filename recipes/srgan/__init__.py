"""SRGAN (Ledig et al. 2017): x4 super-resolution by a residual network trained against a discriminator;
and SRResNet, the same generator trained on the pixels' mean squared error alone.

Understanding Deep Learning 15.8. G maps a low-resolution image to one ``scale`` times larger,
trained on the perceptual loss

    l_SR = l_content + 1e-3 * l_adversarial,   l_adversarial = -E log D(G(I_LR)),

where l_content is the MSE between G's image and the true one, in pixels ("SRGAN-MSE", and with no
adversarial term SRResNet, the paper's baseline and SRGAN's initialisation) or between their VGG19
feature maps (phi_5,4, "SRGAN-VGG54", the paper's SRGAN); D is the template's, on the true and the
super-resolved images. G: a 9x9 convolution, B residual blocks (3x3 conv, BatchNorm, PReLU, 3x3 conv,
BatchNorm, plus the input), a long skip over them, then log2(scale) sub-pixel upsamplings (a
convolution to 4x the channels, the channels laid out as 2x2 pixel blocks, PReLU) and a 9x9
convolution to the image. D: eight 3x3 convolutions (64 to 512 filters, every second one of
stride 2), LeakyReLU(0.2), BatchNorm after the first, a dense layer of 1,024 and a logit. Adam(1e-4,
beta_1 = 0.9), batch 16.
"""

from dataclasses import dataclass

from gan_cookbook.common.template import ConfigError, Recipe
from gan_cookbook.common.translation import TranslationConfig

from .discriminator import SRDiscriminator
from .gan import SRGAN
from .generator import SRResNetGenerator
from .loss import CONTENT, PerceptualLoss

PHOTOS = {"dataset": "photos", "image_shape": (64, 64, 3), "residual_blocks": 8, "generator_filters": 32, "discriminator_filters": 32,
          "content": "pixels", "seed": 1, "sample_every": 1_000, "checkpoint_every": 2_000}  # fmt: skip


@dataclass
class SRGANConfig(TranslationConfig):
    image_shape: tuple[int, ...] = (28, 28, 1)  # the high-resolution images (the targets)
    dataset: str = "mnist"
    scale: int = 4  # paper
    residual_blocks: int = 16  # B (paper)
    generator_filters: int = 64  # paper
    icnr: bool = False  # start each sub-pixel upsampling as nearest-neighbour (Aitken et al. 2017); the paper did not
    discriminator_filters: int = 64  # the first convolution's; doubled every two (paper: 64 ... 512)
    adversarial_weight: float = 1e-3  # paper; 0 = SRResNet (no discriminator phase)
    content: str = "vgg"  # "vgg": VGG19 phi_5,4 features (ImageNet weights, downloaded once), or "pixels": MSE
    initial_generator: str = ""  # a generator.keras to start G from (SRGAN from a trained SRResNet, as the paper)
    eval_samples: int = 10_000  # held-out images scored at the end (MNIST: every test digit)
    learning_rate: float = 1e-4  # paper
    beta_1: float = 0.9  # paper
    batch_size: int = 16  # paper
    steps: int = 20_000
    sample_every: int = 500
    checkpoint_every: int = 1_000

    presets = {
        # MNIST 7x7 -> 28x28 at the paper's sizes, batch and rate, each run within 30 minutes of a 2-core CPU;
        # pixel MSE for content (VGG reads RGB of 32x32 and more). SRGAN starts from the SRResNet run:
        # --initial-generator out/srresnet_mnist/generator.keras (recipes/srgan/run.sh).
        "reference-srresnet-mnist": {"adversarial_weight": 0.0, "content": "pixels", "steps": 20_000},
        "reference-mnist": {"content": "pixels", "steps": 8_000},
        # Photos, x4 from 16x16 to 64x64 patches of the bundled photos (scored on the whole held-out Set5): half the
        # blocks and widths and 10x the paper's rate, decayed over the second half, chosen on the validation photos
        # (the paper's 1e-4: 1.2 dB below bicubic after 2,000 steps; in 5 minutes at 1e-3, 8 blocks of 32 filters:
        # +0.84 dB, of 64: +0.44 dB, the paper's 16 of 64: -0.20 dB); 20,000 steps fill 25 minutes. Seed 1: seed 0
        # ran the validation runs.
        "reference-srresnet-photos": {**PHOTOS, "adversarial_weight": 0.0, "learning_rate": 1e-3, "learning_rate_decay": True,
                                      "decay_start": 0.5, "steps": 20_000},
        # SRGAN-MSE from that SRResNet at the paper's rate (VGG54's ImageNet weights cannot be downloaded offline), D at
        # half the paper's widths as G (350 ms/step against 580 at full width); 4,000 steps fill 25 minutes
        "reference-photos": {**PHOTOS, "steps": 4_000},
        "quick": {"steps": 4, "residual_blocks": 1, "generator_filters": 8, "discriminator_filters": 4, "batch_size": 4,
                  "content": "pixels", "sample_every": 2, "checkpoint_every": 2, "eval_samples": 500},
    }  # fmt: skip

    def check(self) -> None:
        super().check()
        if self.content not in CONTENT:
            raise ConfigError(f"content must be one of {', '.join(CONTENT)}, got {self.content!r}")
        if self.scale & (self.scale - 1) or self.image_shape[0] % self.scale or self.image_shape[1] % self.scale:
            raise ConfigError(f"scale must be a power of two that divides the image size, got {self.scale} for {self.image_shape}")
        if self.adversarial_weight < 0:
            raise ConfigError(f"adversarial_weight must be at least 0, got {self.adversarial_weight}")


RECIPE = Recipe(
    name="srgan",
    config=SRGANConfig,
    generator=SRResNetGenerator,
    discriminator=SRDiscriminator,
    loss=PerceptualLoss,
    gan=SRGAN,
    summary="x4 super-resolution: residual generator, content + 1e-3 adversarial loss (adversarial_weight 0: SRResNet)",
    paper="Ledig et al. 2017, Photo-Realistic Single Image Super-Resolution Using a GAN",
)
