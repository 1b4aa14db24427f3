"""A trained run folder as notebooks, scripts and the CLI read it: its recipe, config and saved networks."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import keras


class RunError(ValueError):
    """A folder that is not a (finished) training run."""


def load_run(run: str | os.PathLike) -> tuple[Any, Any, Path]:
    """A ``gan-cookbook train --out`` folder -> (recipe, config, folder)."""
    from common import registry

    folder = Path(run)
    if not (folder / "config.json").is_file():
        raise RunError(f"{folder} is not a training run (no config.json); pass the --out folder of 'gan-cookbook train'")
    saved = json.loads((folder / "config.json").read_text())
    recipe = registry.get(saved["recipe"])
    return recipe, recipe.config.from_dict(saved["config"]), folder


def load_generator(folder: str | os.PathLike) -> keras.Model:
    """The run's saved generator (the weight average, if the run kept one)."""
    path = Path(folder) / "generator.keras"
    if not path.is_file():
        raise RunError(f"{path} not found; the run has not finished (resume it with 'gan-cookbook train ... --resume')")
    return keras.saving.load_model(path, compile=False)
