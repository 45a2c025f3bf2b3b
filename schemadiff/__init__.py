"""schemadiff: guard the contract of a WebSocket API.

Kept import-light on purpose: ``schemadiff --version`` imports only this module.
"""

__version__ = "0.1.0"
