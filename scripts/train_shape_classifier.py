"""Train the shape classifier behind the 3-D recipes' class coverage and confidence, and save its weights.

python scripts/train_shape_classifier.py [--per-class 600] [--epochs 6] [--out common/assets/shape_classifier.weights.h5]
"""

import argparse
import platform
import time

from gan_cookbook.common.voxels import SHAPE_CLASSIFIER_PATH, train_shape_classifier

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-class", type=int, default=600, help="training shapes per class (seed 0, from index 0)")
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(SHAPE_CLASSIFIER_PATH))
    args = parser.parse_args()
    tic = time.time()
    accuracy = train_shape_classifier(args.out, args.per_class, args.epochs, args.seed)
    machine = platform.processor() or platform.machine()
    print(f"held-out accuracy {accuracy:.4f} (100 shapes per class); {time.time() - tic:.0f} s on {machine}")
    print(f"weights in {args.out}")
