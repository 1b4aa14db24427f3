"""The SGAN discriminator: a K-way classifier whose class logits also say real or fake.

Salimans et al. (2016) for MNIST: Gaussian noise on the input (sigma 0.3 on [0, 1] pixels, so
0.6 on ours) and after every hidden layer (0.5), Dense ReLU layers of 1000, 500, 250, 250, 250
units, then K logits l(x).
With the fake class's logit fixed at 0 (a (K+1)-way softmax that needs only K outputs),

    P(real | x) = Z(x) / (Z(x) + 1),   Z(x) = sum_k exp l_k(x),

so ``source`` = log Z(x) = logsumexp(l(x)) is a real/fake logit like any other discriminator's.
``features`` (the last hidden layer) is what feature matching compares.
"""

import keras
from keras import layers

from gan_cookbook.common.layers import LogSumExp, WeightNormDense
from gan_cookbook.common.template import Discriminator


class SGANDiscriminator(Discriminator):
    def build(self) -> keras.Model:
        c = self.config
        x = keras.Input(c.image_shape, name="image")
        h = layers.GaussianNoise(c.input_noise)(layers.Flatten()(x))
        for i, units in enumerate(c.discriminator_units):
            dense = WeightNormDense(units, "relu", name=f"dense_{i}") if c.weight_norm else layers.Dense(units, "relu", name=f"dense_{i}")
            features = dense(h)
            h = layers.GaussianNoise(c.hidden_noise)(features)
        logits = (WeightNormDense(c.classes, train_scale=True, name="class") if c.weight_norm else layers.Dense(c.classes, name="class"))(h)
        source = LogSumExp(name="source")(logits)
        return keras.Model(x, {"class": logits, "source": source, "features": features}, name="discriminator")
