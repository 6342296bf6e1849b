"""Evaluation runs over question sets: metrics, reports, the naive baseline and the benchmark."""
