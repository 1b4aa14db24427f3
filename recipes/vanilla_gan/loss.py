"""The minimax objective of Goodfellow et al. (2014), in its non-saturating form."""

from gan_cookbook.common.template import Loss


class MinimaxLoss(Loss):
    """D: binary cross-entropy, real -> 1 and fake -> 0, i.e. max log D(x) + log(1 - D(G(z))).

    G: cross-entropy of its fakes against the label 1, i.e. max log D(G(z)); the original
    min log(1 - D(G(z))) saturates early in training, when D rejects every fake (``saturating``
    trains that form, for comparison). The template's base ``Loss`` is exactly this objective,
    so nothing is overridden.
    """
