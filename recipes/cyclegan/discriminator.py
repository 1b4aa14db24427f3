"""CycleGAN's discriminators: a 70x70 PatchGAN (34x34 at 64x64) with instance norm per domain."""

import keras

from gan_cookbook.common.template import Discriminator
from gan_cookbook.common.translation import patch_discriminator


class DomainBDiscriminator(Discriminator):
    """D_B: an image -> a map of logits, one per patch, each saying "a real image of domain B"."""

    network = "d_b"

    def build(self) -> keras.Model:
        c = self.config
        return patch_discriminator(c.image_shape, c.discriminator_filters, c.patch_downsamplings, norm="instance", name=self.network)


class DomainADiscriminator(DomainBDiscriminator):
    """D_A: the same for domain A."""

    network = "d_a"
