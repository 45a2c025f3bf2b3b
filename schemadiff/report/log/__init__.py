"""Renderers of ``schemadiff log``: the store's history as a changelog (text, markdown, json)."""
