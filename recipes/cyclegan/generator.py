"""CycleGAN's generators: the same ResNet twice, G: A -> B and F: B -> A."""

import keras

from gan_cookbook.common.template import Generator
from gan_cookbook.common.translation import resnet_generator


class ForwardGenerator(Generator):
    """G: an image of domain A -> one of domain B (``gan_cookbook.common.translation.resnet_generator``)."""

    network = "g_ab"

    def build(self) -> keras.Model:
        c = self.config
        return resnet_generator(c.image_shape, c.generator_filters, c.residual_blocks, name=self.network)


class InverseGenerator(ForwardGenerator):
    """F: an image of domain B -> one of domain A."""

    network = "g_ba"
