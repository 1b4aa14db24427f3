"""BigGAN's discriminator with a projection head (Miyato and Koyama 2018), at 32x32.

Residual blocks down to 8x8 with self-attention after the first (16x16), ReLU, a sum over positions giving
features phi(x), then

    D(x, y) = w . phi(x) + embed(y) . phi(x),

a linear score plus the inner product of the features with a learned embedding of the asked-for class: the
class enters as a projection rather than as an extra input channel.
"""

import keras
from keras import layers, ops

from gan_cookbook.common.template import Discriminator

from .blocks import SelfAttention, dense, down_block


@keras.saving.register_keras_serializable(package="gan_cookbook")
class SumPool(layers.Layer):
    """The sum of a feature map over its positions (BigGAN's global sum pooling)."""

    def call(self, x):
        return ops.sum(x, axis=(1, 2))

    def compute_output_shape(self, shape):
        return (shape[0], shape[-1])


class BigGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        image = keras.Input(c.image_shape, name="image")
        label = keras.Input((c.num_classes,), name="label")
        width = c.discriminator_filters * 4
        h = down_block(image, width, first=True)
        if h.shape[1] == c.attention_resolution:
            h = SelfAttention()(h)
        h = down_block(h, width)
        h = down_block(h, width, downsample=False)
        features = SumPool()(layers.ReLU()(h))
        projection = layers.Dot(axes=1)([dense(width, use_bias=False, name="class_embedding")(label), features])
        score = layers.Add(name="score")([dense(1, name="linear")(features), projection])
        return keras.Model([image, label], score, name="discriminator")
