"""One module per command (or small family of commands): option parsing and orchestration."""
