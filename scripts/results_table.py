"""Print the README results rows from finished reference runs.

    python scripts/results_table.py out/vanilla_gan out/dcgan

Reads each run's config.json and metrics.json (written by `gan-cookbook train`/`evaluate`).
"""

import json
import sys
from pathlib import Path

if __name__ == "__main__":
    print("| run | FID | IS | classes (min-max %) | memorisation ratio | steps | train time | ms/step |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for run in map(Path, sys.argv[1:]):
        config = json.loads((run / "config.json").read_text())
        m = json.loads((run / "metrics.json").read_text())
        t = {"train_seconds": float("nan"), "ms_per_step": float("nan"), **m.get("timing", {})}
        print(
            f"| {config['recipe']} ({config['preset']}) | {m['fid']:.2f} | {m['inception_score']:.2f} "
            f"| {100 * m['min_class_fraction']:.1f}-{100 * m['max_class_fraction']:.1f} | {m['memorisation']['ratio']:.2f} "
            f"| {config['config']['steps']:,} | {t['train_seconds'] / 60:.1f} min | {t['ms_per_step']:.1f} |"
        )
