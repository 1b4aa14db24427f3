"""The ACGAN discriminator: DCGAN's convolutions, then two heads on the same features.

``source`` is the real/fake logit; ``class`` the K class logits. D sees no label: it has to
tell the class from the image, which is what makes G draw recognisable digits.
"""

import keras
from keras import layers

from gan_cookbook.common.layers import downsampling_stack, init
from gan_cookbook.common.template import Discriminator


class ACGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        x = keras.Input(c.image_shape, name="image")
        features = downsampling_stack(x, c.discriminator_filters, c.kernel_size, c.discriminator_batchnorm)
        source = layers.Dense(1, kernel_initializer=init(), name="source")(features)
        classes = layers.Dense(c.num_classes, kernel_initializer=init(), name="class")(features)
        return keras.Model(x, {"source": source, "class": classes}, name="discriminator")
