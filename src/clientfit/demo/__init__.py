"""A realistic, deterministic demo portfolio written as a clientfit bundle."""

from clientfit.demo.generator import DemoSummary, generate_bundle

__all__ = ["DemoSummary", "generate_bundle"]
