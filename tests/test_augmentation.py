"""The GAN data-augmentation study (scripts/augmentation.py) on tiny budgets: every row at every count, the
CGAN trained on the labelled subset alone, the table and the figure."""

import importlib.util
import json
import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def study():
    spec = importlib.util.spec_from_file_location("augmentation_study", ROOT / "scripts/augmentation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cgan_sees_the_labelled_subset_only_and_every_row_is_scored(study, tmp_path, monkeypatch):
    from gan_cookbook.common import training

    seen = []

    class Recording(training.Trainer):
        def __init__(self, gan, data, *args, **kwargs):
            seen.append(data)
            super().__init__(gan, data, *args, **kwargs)

    monkeypatch.setattr(training, "Trainer", Recording)
    result = study.study(tmp_path, quick=True)
    (size,), (seed,) = study.QUICK["sizes"], study.QUICK["seeds"]
    ((images, labels),) = seen  # one CGAN, trained on the balanced labelled subset alone
    assert len(images) == size and np.bincount(labels).tolist() == [size // 10] * 10
    rows = {(r["row"], r["synthetic"]) for r in result["rows"]}
    counts = study.QUICK["synthetic"]
    assert rows == {("alone", 0), ("classic", 0), *(("cgan", n) for n in counts), *(("both", n) for n in counts)}
    assert all(0 <= r["test"] <= 1 and 0 <= r["validation"] <= 1 for r in result["rows"])
    assert 0 <= result["cgans"][0]["evaluator_label_accuracy"] <= 1
    table = (tmp_path / "table.md").read_text().splitlines()
    assert len(table) == 2 + len(rows) and table[2].startswith("| alone | 0 | ")
    assert (tmp_path / "curves.png").is_file() and (tmp_path / f"cgan_{size}_seed{seed}.png").is_file()
    assert json.loads((tmp_path / "results.json").read_text())["rows"] == result["rows"]


def test_classic_augmentation_moves_digits_and_fills_with_background(study):
    import keras

    augment = study.classic_augmentation(seed=0)
    digits = -np.ones((8, 28, 28, 1), np.float32)
    digits[:, 10:18, 12:16] = 1.0
    moved = keras.ops.convert_to_numpy(augment(digits, training=True))
    assert not np.allclose(moved, digits) and moved.min() >= -1.0001  # no reflected or black-outside fill
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(augment(digits, training=False)), digits)


def test_the_table_is_rewritten_from_results(study, tmp_path):
    result = {
        "rows": [
            {"size": 100, "seed": s, "row": row, "synthetic": n, "test": t, "validation": t}
            for s, t in enumerate((0.70, 0.74, 0.72))
            for row, n in (("alone", 0), ("cgan", 1000))
        ]
    }
    (tmp_path / "results.json").write_text(json.dumps(result))
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/augmentation.py"), "--out", str(tmp_path), "--table"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| alone | 0 | 72.00 ± 2.00 (72.00) |" in (tmp_path / "table.md").read_text()
    again = subprocess.run([sys.executable, str(ROOT / "scripts/augmentation.py"), "--out", str(tmp_path)], capture_output=True, text=True)
    assert again.returncode == 1 and "already holds a study's results.json; pass --overwrite" in again.stderr
    assert json.loads((tmp_path / "results.json").read_text()) == result  # untouched
