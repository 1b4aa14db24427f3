"""The evaluator's scale: 10,000 real training images (the floor) and three broken generators.

    python scripts/evaluator_floor.py [--n 10000]

FID of real training images is train vs test, the best any generator can expect; uniform noise,
blurred digits and one repeated digit show what failure looks like on the same scale.
"""

import argparse
import json
import time

from gan_cookbook.common.metrics import MNISTReference

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    tic = time.time()
    scores = MNISTReference().floor(args.n)
    for name, s in scores.items():
        classes = f"{100 * s['min_class_fraction']:4.1f}-{100 * s['max_class_fraction']:5.1f}%"
        print(f"{name:<22} FID {s['fid']:8.2f}  IS {s['inception_score']:5.2f}  classes {classes}")
    print(f"{time.time() - tic:.0f} s; {json.dumps({k: v['fid'] for k, v in scores.items()})}")
