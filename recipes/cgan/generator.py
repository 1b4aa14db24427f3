"""The CGAN generator: G(z, y), a learned embedding of the one-hot label joined to z, then DCGAN's transposed convolutions."""

import keras
from keras import layers

from common.layers import upsampling_stack
from common.template import Generator, label_input


class CGANGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        z, y = keras.Input((c.latent_dim,), name="z"), label_input(c.num_classes, "y")
        label = layers.Dense(c.label_embedding, use_bias=False, name="label_embedding")(y)  # an embedding of the one-hot y
        h = layers.Concatenate()([z, label])
        image = upsampling_stack(h, c.image_shape, c.generator_filters, c.kernel_size)
        return keras.Model([z, y], image, name="generator")
