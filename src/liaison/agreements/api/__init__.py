"""JSON API of the agreements app."""
