"""A models module of Sartiq 0.2.0: ``contracts.sartiq_typed_v2:WebSocketMessage`` and friends."""

from contracts.typed import exposed

globals().update(exposed("0.2.0"))
