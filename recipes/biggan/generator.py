"""BigGAN's generator, at 32x32 (Brock et al. 2019, appendix B's CIFAR network, narrower).

z is split into one chunk per stage (hierarchical latent): the first chunk makes the 4x4 map, each residual block
reads its own chunk beside the shared class embedding through its conditional BatchNorms. Self-attention sits at
the middle resolution (16x16).
"""

import keras
from keras import layers

from gan_cookbook.common.layers import Chunks, SelfAttention
from gan_cookbook.common.template import Generator

from .blocks import conv, dense, up_block


class BigGANGenerator(Generator):
    def build(self) -> keras.Model:
        c = self.config
        z = keras.Input((c.latent_dim,), name="z")
        label = keras.Input((c.num_classes,), name="label")
        blocks = c.up_blocks
        chunks = Chunks(blocks + 1, name="z_chunks")(z)
        embedding = dense(c.class_embedding, use_bias=False, name="shared_embedding")(label)  # row k embeds class k
        width = c.generator_filters * 4
        start = c.image_shape[0] // 2**blocks
        h = layers.Reshape((start, start, width))(dense(start * start * width)(chunks[0]))
        for i in range(blocks):
            h = up_block(h, layers.Concatenate()([embedding, chunks[i + 1]]), width)
            if c.attention_resolution and h.shape[1] == c.attention_resolution:
                h = SelfAttention()(h)
        h = layers.ReLU()(layers.BatchNormalization(momentum=0.9, epsilon=1e-4)(h))
        image = layers.Activation("tanh")(conv(c.image_shape[-1])(h))
        return keras.Model([z, label], image, name="generator")
