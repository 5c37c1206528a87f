"""Hostile and odd inputs, safe writes, properties, no network (issue #5).

A package (this file) so that its test modules' names never clash with others in tests/.
"""
