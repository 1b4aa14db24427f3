"""CycleGAN's phases: both generators, then both discriminators on pooled fakes."""

from collections.abc import Callable

import numpy as np

from gan_cookbook.common.template import Phase, generate
from gan_cookbook.common.translation import ImagePool, TranslationGAN


class CycleGAN(TranslationGAN):
    """generators:     fake_b = D_B(G(a)), fake_a = D_A(F(b)), the cycles F(G(a)), G(F(b)) and the identities
                       G(b), F(a); both discriminators frozen
    discriminators:    D_B on b and on pooled G(a), D_A on a and on pooled F(b); both generators frozen

    The fakes a discriminator sees are made before its phase (inference mode; instance norm has no
    state) and pass through that discriminator's pool of the last ``pool_size`` fakes."""

    translators = {"ab": "g_ab", "ba": "g_ba"}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pools = {"a": ImagePool(self.config.pool_size), "b": ImagePool(self.config.pool_size)}

    def phases(self) -> list[Phase]:
        return [Phase("generators", trains=("g_ab", "g_ba")), Phase("discriminators", trains=("d_a", "d_b"))]

    def generators_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        a, b = self.draw_pair(draw)
        return {"a": a, "b": b}

    def generators_outputs(self, a, b) -> dict:
        g, f = self.g_ab, self.g_ba
        translated_b, translated_a = g(a), f(b)
        return {
            "fake_b": self.d_b(translated_b),
            "fake_a": self.d_a(translated_a),
            "cycled_a": f(translated_b),
            "cycled_b": g(translated_a),
            "same_b": g(b),
            "same_a": f(a),
        }

    def discriminators_inputs(self, draw: Callable, rng: np.random.Generator) -> dict:
        a, b = self.draw_pair(draw)
        fake_b = self.pools["b"](generate(self.g_ab, a), rng)
        fake_a = self.pools["a"](generate(self.g_ba, b), rng)
        return {"a": a, "b": b, "translated_a": fake_a, "translated_b": fake_b}

    def discriminators_outputs(self, a, b, translated_a, translated_b) -> dict:
        return {"real_a": self.d_a(a), "fake_a": self.d_a(translated_a), "real_b": self.d_b(b), "fake_b": self.d_b(translated_b)}

    def preview(self, inputs: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Rows: held-out a, G(a), held-out b, F(b)."""
        a, b = inputs
        return np.concatenate([a, self.translate(a, "ab"), b, self.translate(b, "ba")])

    def preview_inputs(self, rng: np.random.Generator) -> tuple[tuple[np.ndarray, np.ndarray], int]:
        return self.preview_pairs, 4

    def state(self) -> dict[str, np.ndarray]:
        return {f"pool_{name}": pool.state() for name, pool in self.pools.items()}

    def load_state(self, state: dict[str, np.ndarray]) -> None:
        for name, pool in self.pools.items():
            pool.load_state(state[f"pool_{name}"])
