"""Benchmarks of the intake core against the tools a user would otherwise reach for.

Run ``python -m bench`` (quick) or ``python -m bench --full``; see docs/performance.md.
Nothing here is a test: no figure is asserted, every figure is reported.
"""
