"""SimGAN's local discriminator: every output scores one patch of the image."""

import keras
from keras import layers

from gan_cookbook.common.template import Discriminator
from gan_cookbook.common.translation import init


class LocalDiscriminator(Discriminator):
    """image -> a map of logits, one per patch, "real": the paper's conv 3x3/2 (96), conv 3x3/2 (64), max-pool 3x3/1,
    conv 3x3 (32), conv 1x1 (32), conv 1x1 to one logit (the paper's two-way softmax), ReLUs between.
    At 28x28 the map is 7x7 and each logit sees a 23x23 patch (``gan_cookbook.common.translation.receptive_field``)."""

    def build(self) -> keras.Model:
        f = self.config.discriminator_filters
        x = image = keras.Input(self.config.image_shape, name="image")
        x = layers.Conv2D(f, 3, strides=2, padding="same", activation="relu", kernel_initializer=init())(x)
        x = layers.Conv2D(2 * f // 3, 3, strides=2, padding="same", activation="relu", kernel_initializer=init())(x)
        x = layers.MaxPooling2D(3, strides=1, padding="same")(x)
        x = layers.Conv2D(f // 3, 3, padding="same", activation="relu", kernel_initializer=init())(x)
        x = layers.Conv2D(f // 3, 1, activation="relu", kernel_initializer=init())(x)
        logits = layers.Conv2D(1, 1, kernel_initializer=init())(x)
        return keras.Model(image, logits, name=self.network)
