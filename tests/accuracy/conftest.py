"""Accuracy fixtures: annotated reports written for the tests (never ../shared/corpus)."""
