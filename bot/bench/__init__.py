"""The benchmark and its synthetic reports: a tool for a checkout, not part of what serves.

`pip wheel .` and the Docker image leave this package out; an editable install of a
checkout (`pip install -e '.[bench]'`) has it, and `reportbot bench` runs it.
"""

from __future__ import annotations

from bot.bench.measure import BenchOptions, run_bench, seed_text

__all__ = ["BenchOptions", "run_bench", "seed_text"]
