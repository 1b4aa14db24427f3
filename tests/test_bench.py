"""The GPU benchmark's FLOP count, against the DCGAN reference networks counted by hand."""

import importlib.util

from conftest import ROOT

from gan_cookbook.common import registry


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_gpu", ROOT / "bench" / "bench_gpu.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_step_flops_are_the_layers_multiply_adds():
    bench = load_bench()
    recipe = registry.get("dcgan")
    gan = recipe.build(recipe.make_config("reference"))
    # G: z 100 -> 1,024 -> 7x7x128 -> ConvT to 14x14x64 (each input pixel: 4x4x64) -> ConvT to 28x28x1
    generator = 100 * 1024 + 1024 * 6272 + 7 * 7 * 128 * 16 * 64 + 14 * 14 * 64 * 16 * 1
    # D: Conv to 14x14x64 (each output pixel: 4x4x1) -> Conv to 7x7x128 (4x4x64) -> 1,024 -> 1
    discriminator = 14 * 14 * 64 * 16 * 1 + 7 * 7 * 128 * 16 * 64 + 6272 * 1024 + 1024 * 1
    assert bench.forward_flops(gan.generator) == 2 * generator
    assert bench.forward_flops(gan.discriminator) == 2 * discriminator
    assert bench.step_flops(gan.generator, gan.discriminator) == 2 * (4 * generator + 9 * discriminator)
    assert round(bench.step_flops(gan.generator, gan.discriminator) / 1e6, 1) == 340.0
