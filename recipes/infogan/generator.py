"""The InfoGAN generator for MNIST (Chen et al. 2016, appendix C.1).

(z, c) -> FC 1024, BN, ReLU -> DCGAN's stack: FC to 7x7x128, [BN, ReLU, ConvT 4x4/2] x2 -> 28x28, tanh.
z is the noise with the continuous codes as its last entries; c is the one-hot categorical code.
"""

import keras
from keras import layers

from gan_cookbook.common.layers import upsampling_stack
from gan_cookbook.common.template import Generator, label_input


class InfoGANGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        z, code = keras.Input((c.latent_dim,), name="z"), label_input(c.num_classes, "code")
        h = layers.Dense(1024, use_bias=False)(layers.Concatenate()([z, code]))
        h = layers.ReLU()(layers.BatchNormalization()(h))
        image = upsampling_stack(h, c.image_shape, c.generator_filters, c.kernel_size)
        return keras.Model([z, code], image, name="generator")
