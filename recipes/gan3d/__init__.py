"""3D-GAN (Wu, Zhang, Xue, Freeman and Tenenbaum, 2016): shapes as voxel grids from 3-D convolutions.

GAN Cookbook ch. 8. The objective is the GAN's,

    min_G max_D  E_x[log D(x)] + E_z[log(1 - D(G(z)))]   (G trained non-saturating),

over occupancy grids: G maps z through 3-D transposed convolutions to a grid of probabilities
(sigmoid), D mirrors it with strided 3-D convolutions and LeakyReLU(0.2), BatchNorm between the
layers of both. Generating a volume is so much easier to learn than judging one that the paper
gives G a learning rate 250 times D's (2.5e-3 and 1e-5, Adam, beta_1 = 0.5) and trains D only
while it classifies its last batch no better than 80%: here a phase condition of the template.

The paper's grids are 64^3 with five layers; this recipe makes 32^3 with four (the paper's layer
widths from 256 down, or narrower ones), on a procedural dataset of seven shape classes
(``common/voxels.py``) or on the user's meshes (``--dataset meshes --data FOLDER``).
"""

from dataclasses import dataclass

from gan_cookbook.common.template import ConfigError, GANConfig, Recipe

from .discriminator import VoxelDiscriminator
from .gan import ThreeDGAN
from .generator import VoxelGenerator
from .loss import ThreeDGANLoss


@dataclass
class ThreeDGANConfig(GANConfig):
    image_shape: tuple[int, ...] = (32, 32, 32, 1)  # (depth, height, width, 1): occupancy grids
    dataset: str = "shapes"
    latent_dim: int = 200  # paper
    generator_filters: int = 64  # filters of G's last hidden layer, doubled at each coarser scale (paper at 64^3: 64 ... 512)
    discriminator_filters: int = 64  # filters of D's first layer, doubled at each coarser scale (paper: 64 ... 512)
    learning_rate: float = 1e-5  # D's (paper)
    generator_learning_rate: float = 2.5e-3  # G's (paper)
    accuracy_threshold: float = 0.8  # D trains only while its accuracy on the last batch is at most this (paper)
    batch_size: int = 100  # paper
    steps: int = 20_000
    eval_samples: int = 1_000  # grids scored by the shape classifier (with each one's nearest training shape)
    sample_every: int = 250
    checkpoint_every: int = 500

    presets = {
        # Sized for 45 minutes of a 2-core CPU: half the paper's widths (G 128-64-32, D 32-64-128), batch 32, and D's
        # rate 1e-3 (at the paper's 1e-5, D stayed below 40% accuracy for 500 steps and G drew noise: README), both
        # rates decayed linearly to 0, samples from a 0.999 moving average of G's weights; seed 1 (the pilots ran seed 0).
        "reference": {"generator_filters": 32, "discriminator_filters": 32, "batch_size": 32, "learning_rate": 1e-3,
                      "learning_rate_decay": True, "generator_average": 0.999, "steps": 6_000, "seed": 1,
                      "sample_every": 500, "checkpoint_every": 1_000},
        "quick": {"image_shape": (16, 16, 16, 1), "steps": 6, "batch_size": 8, "latent_dim": 16, "generator_filters": 4,
                  "discriminator_filters": 4, "sample_every": 3, "checkpoint_every": 3},
    }  # fmt: skip

    def check(self) -> None:
        super().check()
        if not 0 < self.accuracy_threshold <= 1:
            raise ConfigError(f"accuracy_threshold must lie in (0, 1] (1: D trains at every step), got {self.accuracy_threshold}")


RECIPE = Recipe(
    name="gan3d",
    config=ThreeDGANConfig,
    generator=VoxelGenerator,
    discriminator=VoxelDiscriminator,
    loss=ThreeDGANLoss,
    gan=ThreeDGAN,
    summary="32^3 voxel shapes from 3-D convolutions; D trains only while its last accuracy is <= 80%",
    paper="Wu et al. 2016, Learning a Probabilistic Latent Space of Object Shapes via 3D GANs",
)
