"""A models module of Sartiq 0.1.0: ``contracts.sartiq_typed:WebSocketMessage`` and friends."""

from contracts.typed import exposed

globals().update(exposed("0.1.0"))
