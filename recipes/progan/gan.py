"""ProGAN: WGAN-GP's two phases, run on the networks as far as they have grown."""

import warnings

import keras
import numpy as np
from keras import ops

from gan_cookbook.common.template import GAN, box_downscale, gradient_norms

from .networks import criticise, grow


def faded_reals(x, alpha):
    """Real images as the critic sees them while a block fades in: their half-size version upsampled, blended into
    the full images by alpha (the paper's code), so that reals and fakes change resolution together."""
    coarse = ops.average_pool(x, 2, 2)
    coarse = ops.repeat(ops.repeat(coarse, 2, axis=1), 2, axis=2)
    return coarse + alpha * (x - coarse)


class ProGAN(GAN):
    """critic: C(x), C(G(z)) and ||grad C(x^)|| at x^ = e x + (1 - e) G(z), all at the stage's resolution; G frozen.
    generator: C(G(z)); C frozen.

    The stage follows the step (``config.growth``): the resolution is fixed for a stage, so each phase's step is
    traced again when it changes, computing only the blocks the stage has; the fade's ``alpha`` is a schedule, a
    value the traced step reads at every step. A resumed run is at the same resolution and alpha as it would have been.
    """

    def __init__(self, *args, **kwargs) -> None:
        self.step = 0  # the step whose stage the networks are trained (and previewed) at
        super().__init__(*args, **kwargs)

    def schedules(self) -> dict:
        return {"alpha": lambda step: self.config.growth(step)[1]}

    @property
    def resolution(self) -> int:
        return self.config.growth(self.step)[0]

    def train_step(self, batches, rng: np.random.Generator, step: int = 0) -> dict[str, float]:
        if self.config.growth(step)[0] != self.resolution:  # the networks grow: trace each phase's step again
            for composite in self.composites.values():
                composite.train_function = None
        self.step = step
        with warnings.catch_warnings():  # the blocks not grown yet have no gradient, by design
            warnings.filterwarnings("ignore", "Gradients do not exist for variables", UserWarning)
            return super().train_step(batches, rng, step)

    # -- the phases ---------------------------------------------------------------------------------
    def grown_generator(self, z):
        return grow(self.generator.get_layer, z, self.resolution, self.scheduled["alpha"])

    def grown_critic(self, x):
        return criticise(self.critic.get_layer, x, self.scheduled["alpha"])

    def critic_inputs(self, draw, rng: np.random.Generator) -> dict:
        x = box_downscale(draw(), self.resolution)  # the paper's real images at each stage
        mix = rng.uniform(size=(len(x), 1, 1, 1)).astype(np.float32)
        return {"x": x, "z": self.sample_latent(len(x), rng), "mix": mix}

    def critic_outputs(self, x, z, mix) -> dict:
        if self.resolution > 4:
            x = faded_reals(x, self.scheduled["alpha"])
        fake = self.grown_generator(z)
        between = mix * x + (1.0 - mix) * fake
        return {"real": self.grown_critic(x), "fake": self.grown_critic(fake), "gradient_norm": gradient_norms(self.grown_critic, between)}

    def generator_outputs(self, z) -> dict:
        return {"fake": self.grown_critic(self.grown_generator(z))}

    # -- sampling -----------------------------------------------------------------------------------
    def drawing(self, generator: keras.Model) -> keras.Model:
        """``generator`` as it stands at the current step: z -> the stage's images, upsampled to full size (nearest
        neighbour) and clipped; the network itself once it has grown to full size."""
        resolution, alpha = self.config.growth(self.step)
        if resolution == self.config.image_shape[0] and alpha == 1.0:
            return generator
        z = keras.Input((self.config.latent_dim,), name="z")
        image = grow(generator.get_layer, z, resolution, alpha)
        image = keras.layers.UpSampling2D(self.config.image_shape[0] // resolution)(image)
        return keras.Model(z, keras.layers.Activation("hard_tanh")(image), name=f"generator_{resolution}")
