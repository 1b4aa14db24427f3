"""The SNGAN discriminator: DCGAN's, every convolution and dense layer spectrally normalised, no BatchNorm.

``SpectralConv2D`` and ``SpectralDense`` (``common/layers.py``) divide the kernel by its
estimated largest singular value in the forward pass; the kernel itself is never overwritten, and
the power-iteration vector moves only in D's own phase.
"""

import keras

from gan_cookbook.common.layers import dcgan_discriminator
from gan_cookbook.common.template import Discriminator


class SNGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        return dcgan_discriminator(self.config, batchnorm=False, spectral_norm=True)
