"""Semi-supervised GAN (Salimans et al. 2016; Odena 2016): a GAN whose discriminator is the classifier.

GANs in Action ch. 7. With K classes, D is a (K+1)-way classifier, "fake" being class K+1. Only
a few training images keep their labels; D learns from those (the supervised term), from every
image as "real, of some class", and from G's fakes as "fake" (the unsupervised terms):

    L_D = -E_{x,y ~ labelled} log p(y | x, y <= K) - E_{x ~ data} log (1 - p(K+1 | x)) - E_z log p(K+1 | G(z)).

Fixing the fake class's logit at 0 makes this a K-way classifier with P(real | x) = Z / (Z + 1),
Z = sum_k exp l_k(x). G is trained by feature matching. What comes out is the classifier: with 100
labels it beats the same network trained on those 100 labels alone by a wide margin.
"""

from dataclasses import dataclass

from gan_cookbook.common.template import GANConfig, Recipe

from .discriminator import SGANDiscriminator
from .gan import SGAN
from .generator import SGANGenerator
from .loss import SGANLoss


@dataclass
class SGANConfig(GANConfig):
    labelled: bool = True  # the dataset's labels are read, then all but labels_per_class per class are dropped
    classes: int = 10  # K, the classes D names (G takes no label)
    labels_per_class: int = 10  # 100 labelled MNIST images in all (the paper's setting)
    feature_matching: bool = True  # G matches D's mean features (the paper's MNIST setting) instead of fooling D
    unlabelled_weight: float = 1.0  # w in L_supervised + w L_unsupervised
    supervised_baseline: bool = False  # train only D's class loss on the labelled images; G is never trained
    weight_norm: bool = True  # the paper's: weight-normalised dense layers, D's hidden ones of a fixed length set from data
    generator_units: tuple[int, ...] = (500, 500)
    discriminator_units: tuple[int, ...] = (1000, 500, 250, 250, 250)
    input_noise: float = 0.6  # std of the noise added to D's input: the paper's 0.3 on [0, 1] pixels, ours are [-1, 1]
    hidden_noise: float = 0.5  # ... and to each of D's hidden layers
    batch_size: int = 100  # unlabelled, labelled and fake batches alike
    learning_rate: float = 3e-3  # the paper's, for D and G
    steps: int = 180_000  # the paper's 300 epochs

    presets = {
        "quick": {"steps": 20, "batch_size": 10, "labels_per_class": 1, "generator_units": (16,), "discriminator_units": (16, 8),
                  "sample_every": 10, "checkpoint_every": 10, "eval_samples": 500},
        # Sized for 30 minutes of a 2-core CPU per seed (27 epochs, against the paper's 300), so the
        # learning rate decays to 0; D is tested with the moving average of its weights, as in the paper's code.
        "reference": {"steps": 16_000, "learning_rate_decay": True, "discriminator_average": 0.999,
                      "sample_every": 2_000, "checkpoint_every": 2_000, "eval_every": 2_000},
    }  # fmt: skip


RECIPE = Recipe(
    name="sgan",
    config=SGANConfig,
    generator=SGANGenerator,
    discriminator=SGANDiscriminator,
    loss=SGANLoss,
    gan=SGAN,
    summary="semi-supervised: D is a classifier trained on 100 labels plus G's fakes",
    paper="Salimans et al. 2016, Improved Techniques for Training GANs; Odena 2016, Semi-Supervised Learning with GANs",
)
