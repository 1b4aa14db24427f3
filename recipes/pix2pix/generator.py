"""Pix2Pix's generator: the U-Net of the paper's appendix, its dropout the only noise."""

import keras

from gan_cookbook.common.template import Generator
from gan_cookbook.common.translation import unet_generator


class UNetGenerator(Generator):
    """source (H, W, C) -> image (H, W, C) in [-1, 1]; encoder to 1x1, decoder with skips (``gan_cookbook.common.translation``)."""

    def build(self) -> keras.Model:
        c = self.config
        return unet_generator(c.image_shape, c.generator_filters, c.dropout, norm="batch", name=self.network)
