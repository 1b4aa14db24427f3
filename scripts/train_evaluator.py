"""Train the MNIST evaluator classifier behind FID/IS/coverage and save its weights.

python scripts/train_evaluator.py [--epochs 4] [--out common/assets/mnist_evaluator.weights.h5]
"""

import argparse
import time

from gan_cookbook.common.metrics import EVALUATOR_PATH, train_evaluator

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", default=None, help="mnist.npz path (default: $GAN_COOKBOOK_DATA, data/, or download)")
    parser.add_argument("--out", default=str(EVALUATOR_PATH))
    args = parser.parse_args()
    tic = time.time()
    accuracy = train_evaluator(args.out, args.epochs, args.seed, args.data)
    print(f"test accuracy {accuracy:.4f}; {time.time() - tic:.0f} s; weights in {args.out}")
