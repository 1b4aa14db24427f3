"""The CGAN generator: G(z, y), a learned embedding of the one-hot label joined to z, then DCGAN's transposed convolutions."""

import keras

from gan_cookbook.common.layers import join_label, upsampling_stack
from gan_cookbook.common.template import Generator, label_input


class CGANGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        z, y = keras.Input((c.latent_dim,), name="z"), label_input(c.num_classes, "y")
        image = upsampling_stack(join_label(z, y, c.label_embedding), c.image_shape, c.generator_filters, c.kernel_size)
        return keras.Model([z, y], image, name="generator")
