"""Recipe name -> its config and its four classes.

A recipe declares itself as ``RECIPE = Recipe(...)`` in its package ``__init__`` and imports
nothing of this file; :func:`get` imports every package under ``recipes/`` once and collects
their ``RECIPE``, so nothing above this file imports a recipe by name. :func:`register` adds a
recipe from elsewhere (a user's own).
"""

from __future__ import annotations

import importlib
import pkgutil

from gan_cookbook.common.template import Recipe


class UnknownRecipeError(LookupError):
    """No recipe of that name is registered."""


_RECIPES: dict[str, Recipe] = {}


def register(recipe: Recipe) -> Recipe:
    _RECIPES[recipe.name] = recipe
    return recipe


def _discover() -> None:
    from gan_cookbook import recipes

    for module in pkgutil.iter_modules(recipes.__path__):
        if module.ispkg:
            recipe = getattr(importlib.import_module(f"gan_cookbook.recipes.{module.name}"), "RECIPE", None)
            if recipe is not None:
                _RECIPES.setdefault(recipe.name, recipe)


def names() -> list[str]:
    _discover()
    return sorted(_RECIPES)


def get(name: str) -> Recipe:
    _discover()
    if name not in _RECIPES:
        raise UnknownRecipeError(f"no recipe {name!r}; available: {', '.join(sorted(_RECIPES))}")
    return _RECIPES[name]
