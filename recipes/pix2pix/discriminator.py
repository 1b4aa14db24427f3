"""Pix2Pix's discriminator: a PatchGAN on (source, image) pairs."""

import keras

from gan_cookbook.common.template import Discriminator
from gan_cookbook.common.translation import patch_discriminator


class PatchDiscriminator(Discriminator):
    """(source, image) -> a map of logits, one per patch: with 2 downsamplings each sees 34x34 pixels,
    with the paper's 3 it sees 70x70 (``gan_cookbook.common.translation.receptive_field``)."""

    def build(self) -> keras.Model:
        c = self.config
        return patch_discriminator(
            c.image_shape, c.discriminator_filters, c.patch_downsamplings, norm="batch", conditional=True, name=self.network
        )
