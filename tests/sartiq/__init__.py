"""A faithful reconstruction of the Sartiq WebSocket server, for schemadiff's own tests.

``create_app(version, token=...)`` builds the FastAPI app of one release; ``generate_messages``
produces realistic, valid messages of that release. See README.md for what is mounted.
"""
