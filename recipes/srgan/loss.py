"""SRGAN's perceptual loss: a content term plus 1e-3 times the non-saturating adversarial term."""

import keras
from keras import ops

from gan_cookbook.common.template import ConfigError, GANConfig, Loss, binary_crossentropy, mean

CONTENT = ("vgg", "pixels")
IMAGENET_BGR_MEAN = (103.939, 116.779, 123.68)  # what VGG19's ImageNet weights were trained on, subtracted from BGR pixels
VGG_SCALE = 12.75  # the paper rescales the VGG features so that their loss is of the MSE's scale


def vgg54(image_shape: tuple[int, int, int]) -> keras.Model:
    """VGG19 with its ImageNet weights, from the image to phi_5,4 (the fourth convolution of block 5, after
    its ReLU), frozen. Keras downloads the weights once into ``~/.keras/models``."""
    if image_shape[-1] != 3 or min(image_shape[:2]) < 32:
        raise ConfigError(f"content 'vgg' reads RGB images of at least 32x32, not {tuple(image_shape)}: use --content pixels")
    try:
        vgg = keras.applications.VGG19(include_top=False, weights="imagenet", input_shape=tuple(image_shape))
    except Exception as err:  # no network, a proxy, a broken download: one line that says what to do
        raise ConfigError(
            f"content 'vgg' needs VGG19's ImageNet weights, which could not be loaded ({type(err).__name__}: {err});"
            " offline, train with --content pixels (the paper's SRGAN-MSE), or put vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5"
            " into ~/.keras/models"
        ) from None
    features = keras.Model(vgg.inputs, vgg.get_layer("block5_conv4").output, name="vgg54")
    features.trainable = False
    return features


class PerceptualLoss(Loss):
    """Ledig et al.'s objectives over G's image ``translated``, the true image ``target`` and D's logits:

        generator:      l_content(translated, target) + w * -E log D(G(x))     (w = adversarial_weight; 0: SRResNet)
        discriminator:  the template's cross-entropy, D(target) -> 1, D(translated) -> 0

    with l_content the mean squared error of the pixels, or of VGG19's phi_5,4 features divided by 12.75.
    """

    def __init__(self, config: GANConfig) -> None:
        super().__init__(config)
        self.adversarial_weight = config.adversarial_weight
        self.features = vgg54(config.image_shape) if config.content == "vgg" else None

    def vgg(self, images):
        """phi_5,4 of images in [-1, 1], scaled by 1 / 12.75 (VGG reads BGR pixels in [0, 255] less their ImageNet mean)."""
        bgr = (images[..., ::-1] + 1.0) * 127.5 - ops.convert_to_tensor(IMAGENET_BGR_MEAN)
        return self.features(bgr) / VGG_SCALE

    def content(self, translated, target):
        if self.features is None:
            return mean(ops.square(translated - target))
        return mean(ops.square(self.vgg(translated) - self.vgg(target)))

    def generator(self, translated, target, fake=None):
        adversarial = 0.0 if fake is None else self.adversarial_weight * binary_crossentropy(1.0, fake)
        return self.content(translated, target) + adversarial

    def generator_logs(self, translated, target) -> dict:
        return {"mse": mean(ops.square(translated - target))}
