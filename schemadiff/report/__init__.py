"""Renderers: turn result values into text, one module per output format. They never print."""
