"""Vertical feature slices. Each exposes `router`, `NAV` and optionally `seed_demo`."""
