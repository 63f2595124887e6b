"""Subcommands of ``archive-viewer``; each module has ``register(subparsers, common)``."""
