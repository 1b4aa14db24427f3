"""The WGAN-GP objective (Gulrajani et al. 2017, eq. 3), ``GradientPenaltyLoss`` in the template (ProGAN trains on it too)."""

from gan_cookbook.common.template import GradientPenaltyLoss

__all__ = ["GradientPenaltyLoss"]
