"""StyleGAN (Karras et al. 2019, A Style-Based Generator Architecture; 2020, Analyzing and Improving the Image Quality
of StyleGAN), scaled down: StyleGAN2's generator and discriminator at a laptop's widths.

Understanding Deep Learning 15.5; GANs in Action ch. 12. The generator does not read z: a mapping network turns
z into w, and w, through a learned affine map per layer, sets the style of every convolution of a synthesis network
that starts from a learned 4x4 constant. Per-pixel noise, scaled per channel, adds the stochastic detail. Each
style scales a convolution's kernel (modulation) and each output map is rescaled back to unit variance
(demodulation), StyleGAN2's replacement for StyleGAN1's AdaIN: AdaIN normalises each feature map's mean and
variance away, and StyleGAN1's generator learned to smuggle signal past it in droplet artifacts; demodulation
normalises by the weights' expected statistics instead, not the data's. The objective is the non-saturating
logistic loss with the R1 penalty on real images,

    min_D  E_z[softplus(D(G(z)))] + E_x[softplus(-D(x))] + gamma/2 E_x[||grad_x D(x)||^2],
    min_G  E_z[softplus(-D(G(z)))],

the penalty lazily, as its own phase every 16 steps (times 16). Style-mixing regularisation: 90% of the fakes read
a second w from a random layer on. Sampling uses a moving average of G's weights and may truncate in W,
w' = w_avg + psi (w - w_avg) (``gan-cookbook sample --truncation psi``). Left out: path-length regularisation,
the blur filters of up- and downsampling, and StyleGAN1's progressive growing (StyleGAN2 drops it too).

One change from the paper, for images whose pixels sit at the ends of the range (MNIST's background is exactly -1):
D sees the fakes clipped to [-1, 1], as the reals are (``StyleGAN.synthesise``).
"""

from dataclasses import dataclass

from gan_cookbook.common.template import ConfigError, GANConfig, Recipe

from .discriminator import StyleGANDiscriminator
from .gan import StyleGAN
from .generator import StyleGANGenerator
from .loss import StyleGANLoss


@dataclass
class StyleGANConfig(GANConfig):
    image_shape: tuple[int, ...] = (32, 32, 1)  # MNIST padded to 32x32 (scored cropped back to 28x28)
    latent_dim: int = 512  # z (paper)
    w_dim: int = 512  # w (paper)
    mapping_layers: int = 8  # paper
    mapping_lr_multiplier: float = 0.01  # paper
    max_filters: int = 512  # feature maps at each resolution: min(max_filters, filter_base / r) (paper)
    filter_base: int = 16_384  # the paper's code (config e; 32,768 for its largest, config f)
    r1_gamma: float = 10.0  # gamma (paper, FFHQ)
    r1_every: int = 16  # k, lazy regularisation (paper)
    mixing_probability: float = 0.9  # paper
    w_average: float = 0.995  # momentum of w's average, the centre of truncation (the paper's code)
    learning_rate: float = 0.002  # paper
    beta_1: float = 0.0  # paper
    beta_2: float = 0.99  # paper
    batch_size: int = 32  # paper
    generator_average: float = 0.9978  # the paper's code: half-life 10k images, 0.5 ** (32 / 10_000) at batch 32
    steps: int = 781_250  # the paper's 25M images at batch 32

    presets = {
        # MNIST-32 sized for 30 minutes of a 2-core CPU: 32 feature maps up to 16x16 and 16 at 32x32 (2.2x the steps of
        # ProGAN's reference widths in the same time), z and w of 128, four mapping layers, batch 32, gamma = 1.
        "reference": {"latent_dim": 128, "w_dim": 128, "mapping_layers": 4, "max_filters": 32, "filter_base": 512, "r1_gamma": 1.0,
                      "steps": 7_000, "seed": 1, "sample_every": 500, "checkpoint_every": 1_000, "eval_every": 1_000},
        # Twemoji at 64x64 RGB: the same widths one resolution further (8 feature maps at 64x64)
        "reference-emoji": {"image_shape": (64, 64, 3), "dataset": "emoji", "latent_dim": 128, "w_dim": 128, "mapping_layers": 4,
                            "max_filters": 32, "filter_base": 512, "r1_gamma": 1.0, "steps": 3_000, "seed": 1,
                            "sample_every": 250, "checkpoint_every": 1_000},
        "quick": {"steps": 4, "batch_size": 8, "latent_dim": 16, "w_dim": 16, "mapping_layers": 2, "max_filters": 8, "filter_base": 64,
                  "r1_every": 2, "generator_average": 0.9, "sample_every": 2, "checkpoint_every": 2, "eval_samples": 500},
    }  # fmt: skip
    at_least_one = (*GANConfig.at_least_one, "w_dim", "mapping_layers", "r1_every", "max_filters", "filter_base")
    fractions = (*GANConfig.fractions, "mixing_probability", "w_average")

    def check(self) -> None:
        super().check()
        size = self.image_shape[0]
        if self.image_shape[1] != size or size < 8 or size & (size - 1):
            raise ConfigError(f"StyleGAN doubles a 4x4 constant: image_shape must be (2^k, 2^k, c), k >= 3, got {self.image_shape}")
        if self.learning_rate_decay:
            raise ConfigError("StyleGAN trains at a constant rate (paper; one optimizer serves two D phases): drop learning_rate_decay")
        if not 0 < self.mapping_lr_multiplier <= 1:
            raise ConfigError(f"mapping_lr_multiplier must lie in (0, 1], got {self.mapping_lr_multiplier}")


RECIPE = Recipe(
    name="stylegan",
    config=StyleGANConfig,
    generator=StyleGANGenerator,
    discriminator=StyleGANDiscriminator,
    loss=StyleGANLoss,
    gan=StyleGAN,
    summary="mapping network, modulated convolutions from a learned constant, noise, style mixing, lazy R1, truncation in W",
    paper="Karras et al. 2019/2020, A Style-Based Generator Architecture; Analyzing and Improving the Image Quality of StyleGAN",
)
