"""The CGAN discriminator: D(x, y), the label's embedding as one more image channel, then DCGAN's convolutions."""

import keras
from keras import layers

from gan_cookbook.common.layers import downsampling_stack, init
from gan_cookbook.common.template import Discriminator, label_input


class CGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        height, width, _ = c.image_shape
        x, y = keras.Input(c.image_shape, name="image"), label_input(c.num_classes, "y")
        label = layers.Dense(height * width, use_bias=False, name="label_embedding")(y)  # one learned map per class
        h = layers.Concatenate()([x, layers.Reshape((height, width, 1))(label)])
        features = downsampling_stack(h, c.discriminator_filters, c.kernel_size, c.discriminator_batchnorm)
        logit = layers.Dense(1, kernel_initializer=init(), name="logit")(features)
        return keras.Model([x, y], logit, name="discriminator")
