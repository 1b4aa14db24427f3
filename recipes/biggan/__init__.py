"""BigGAN-lite: SAGAN's self-attention with BigGAN's tricks (Zhang et al. 2019; Brock et al. 2019), class-conditional.

Understanding Deep Learning 15.5; GANs in Action ch. 12. G draws an image of class y from z, D scores an image as a
real one of class y, on the hinge objective

    min_D  E_x,y[max(0, 1 - D(x, y))] + E_z,y[max(0, 1 + D(G(z, y), y))],     min_G  -E_z,y[D(G(z, y), y)].

What makes it BigGAN: self-attention at the middle resolution in both networks (SAGAN); spectral normalisation of
every layer of both (SAGAN); class-conditional BatchNorm in G, its gains and biases linear in a shared class
embedding and a chunk of z (hierarchical latent); a projection discriminator, D(x, y) = w . phi(x) + embed(y) .
phi(x); two time-scale rates, D 4e-4 and G 1e-4, Adam(0, 0.999) (TTUR, Heusel et al. 2017); an exponential
moving average of G's weights to sample from; and the truncation trick at sampling time, z redrawn where |z| > t
(``gan-cookbook sample --truncation t``), trading variety for fidelity. Orthogonal initialisation throughout.
"""

from dataclasses import dataclass

from gan_cookbook.common.template import ConfigError, GANConfig, Recipe

from .discriminator import BigGANDiscriminator
from .gan import BigGAN
from .generator import BigGANGenerator
from .loss import BigGANLoss


@dataclass
class BigGANConfig(GANConfig):
    image_shape: tuple[int, ...] = (32, 32, 1)  # MNIST padded to 32x32 (scored cropped back to 28x28)
    latent_dim: int = 128  # split into up_blocks + 1 chunks of 32
    num_classes: int = 10
    labelled: bool = True
    up_blocks: int = 3  # 4x4 -> 32x32
    generator_filters: int = 64  # ch: every block has 4 ch channels (BigGAN's CIFAR network: ch = 64, 256 channels)
    discriminator_filters: int = 64
    class_embedding: int = 128  # the shared class embedding's width (BigGAN: 128)
    attention_resolution: int = 16  # the map size where self-attention sits: half the image's (both networks have it); 0: none
    learning_rate: float = 4e-4  # D (SAGAN's TTUR)
    generator_learning_rate: float = 1e-4  # G
    beta_1: float = 0.0
    beta_2: float = 0.999
    batch_size: int = 64
    generator_average: float = 0.9999  # BigGAN's (which starts averaging at step 20,000); short runs need less: see the presets
    steps: int = 10_000
    sample_every: int = 500
    checkpoint_every: int = 1_000

    presets = {
        # MNIST-32, class-conditional, sized for 30 minutes of a 2-core CPU: ch = 16 (64 channels in every block; the
        # paper's CIFAR network has ch = 64), 3,600 steps of batch 64. An average of momentum 0.995 (time constant 200
        # steps): on the validation split, 0.999 still held 37% of the random initial weights at step 1,000 and its
        # samples scored FID 138 against the raw generator's 18. Seed 1: seed 0 ran the validation run.
        "reference": {"generator_filters": 16, "discriminator_filters": 16, "steps": 3_600, "generator_average": 0.995, "seed": 1,
                      "sample_every": 300, "checkpoint_every": 600, "eval_every": 600},
        "quick": {"steps": 4, "batch_size": 8, "generator_filters": 4, "discriminator_filters": 4, "class_embedding": 8,
                  "latent_dim": 16, "sample_every": 2, "checkpoint_every": 2, "eval_samples": 500},
    }  # fmt: skip

    def check(self) -> None:
        super().check()
        if self.latent_dim % (self.up_blocks + 1):
            raise ConfigError(f"latent_dim must split into up_blocks + 1 = {self.up_blocks + 1} equal chunks, got {self.latent_dim}")
        if self.image_shape[0] != self.image_shape[1] or self.image_shape[0] % 2**self.up_blocks:
            raise ConfigError(f"image_shape must be square and divisible by 2**up_blocks = {2**self.up_blocks}, got {self.image_shape}")
        if self.attention_resolution not in (0, self.image_shape[0] // 2):
            raise ConfigError(
                f"attention_resolution must be half the image size ({self.image_shape[0] // 2}, the map size both networks have)"
                f" or 0 (no self-attention), got {self.attention_resolution}"
            )
        if not self.num_classes:
            raise ConfigError("BigGAN is class-conditional: num_classes must be at least 1")


RECIPE = Recipe(
    name="biggan",
    config=BigGANConfig,
    generator=BigGANGenerator,
    discriminator=BigGANDiscriminator,
    loss=BigGANLoss,
    gan=BigGAN,
    summary="class-conditional: self-attention, spectral norm in G and D, conditional BN, projection D, hinge, TTUR, G average",
    paper="Zhang et al. 2019, Self-Attention GANs; Brock et al. 2019, Large Scale GAN Training (BigGAN)",
)
