"""BigGAN's discriminator with a projection head (Miyato and Koyama 2018), at 32x32.

Residual blocks down to 8x8 with self-attention after the first (16x16), ReLU, a sum over positions giving
features phi(x), then

    D(x, y) = w . phi(x) + embed(y) . phi(x),

a linear score plus the inner product of the features with a learned embedding of the asked-for class: the
class enters as a projection rather than as an extra input channel.
"""

import keras
from keras import layers

from gan_cookbook.common.layers import SelfAttention, SumPool
from gan_cookbook.common.template import Discriminator

from .blocks import dense, down_block


class BigGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        image = keras.Input(c.image_shape, name="image")
        label = keras.Input((c.num_classes,), name="label")
        width = c.discriminator_filters * 4
        h = down_block(image, width, first=True)
        if c.attention_resolution and h.shape[1] == c.attention_resolution:
            h = SelfAttention()(h)
        h = down_block(h, width)
        h = down_block(h, width, downsample=False)
        features = SumPool()(layers.ReLU()(h))
        projection = layers.Dot(axes=1)([dense(width, use_bias=False, name="class_embedding")(label), features])
        score = layers.Add(name="score")([dense(1, name="linear")(features), projection])
        return keras.Model([image, label], score, name="discriminator")
