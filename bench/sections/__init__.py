"""Benchmark sections: each module exposes `run(ctx: BenchContext) -> list[Row]`."""
