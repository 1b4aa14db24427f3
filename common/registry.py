"""Recipe name -> its config and its four classes.

A recipe registers itself in its package ``__init__``; :func:`get` imports every package
under ``recipes/`` once, so nothing above this file imports a recipe by name.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any

from common.template import GAN, ConfigError, Discriminator, GANConfig, Generator, Loss


class UnknownRecipeError(LookupError):
    """No recipe of that name is registered."""


@dataclass(frozen=True)
class Recipe:
    name: str
    config: type[GANConfig]
    generator: type[Generator]
    discriminator: type[Discriminator]
    loss: type[Loss]
    gan: type[GAN]
    summary: str
    paper: str

    def make_config(self, preset: str | None = None, **overrides: Any) -> GANConfig:
        """The paper's defaults, then the preset's overrides, then ``overrides`` (None = unset)."""
        config = self.config()
        if preset is not None:
            if preset not in self.config.presets:
                raise ConfigError(f"recipe {self.name!r} has no preset {preset!r}; choose from {sorted(self.config.presets)}")
            config = config.replace(**self.config.presets[preset])
        return config.replace(**{k: v for k, v in overrides.items() if v is not None})

    def build(self, config: GANConfig) -> GAN:
        return self.gan(config, self.generator(config), self.discriminator(config), self.loss(config))


_RECIPES: dict[str, Recipe] = {}


def register(recipe: Recipe) -> Recipe:
    _RECIPES[recipe.name] = recipe
    return recipe


def _discover() -> None:
    import recipes

    for module in pkgutil.iter_modules(recipes.__path__):
        if module.ispkg:
            importlib.import_module(f"recipes.{module.name}")


def names() -> list[str]:
    _discover()
    return sorted(_RECIPES)


def get(name: str) -> Recipe:
    _discover()
    if name not in _RECIPES:
        raise UnknownRecipeError(f"no recipe {name!r}; available: {', '.join(sorted(_RECIPES))}")
    return _RECIPES[name]
