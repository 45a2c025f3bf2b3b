"""Run the command line as ``python -m schemadiff``."""

from schemadiff.cli import main

main()
