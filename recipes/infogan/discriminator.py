"""The InfoGAN discriminator for MNIST (Chen et al. 2016, appendix C.1), with Q sharing its body.

image -> DCGAN's stack: Conv 4x4/2 (64), LeakyReLU, Conv 4x4/2 (128), BN, LeakyReLU -> FC 1024, BN, LeakyReLU
  -> ``source``: the real/fake logit
  -> Q: FC 128, BN, LeakyReLU -> ``categorical``: the code's logits; ``continuous``: the continuous codes' means
"""

import keras
from keras import layers

from gan_cookbook.common.layers import dense_block, downsampling_stack, init
from gan_cookbook.common.template import Discriminator


class InfoGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        x = keras.Input(c.image_shape, name="image")
        h = downsampling_stack(x, c.discriminator_filters, c.kernel_size, c.discriminator_batchnorm)
        h = dense_block(h, 1024, "leaky_relu")
        source = layers.Dense(1, kernel_initializer=init(), name="source")(h)
        q = dense_block(h, 128, "leaky_relu")
        categorical = layers.Dense(c.num_classes, kernel_initializer=init(), name="categorical")(q)
        continuous = layers.Dense(c.continuous_codes, kernel_initializer=init(), name="continuous")(q)
        return keras.Model(x, {"source": source, "categorical": categorical, "continuous": continuous}, name="discriminator")
