"""One module per command (or per small family of commands): option parsing and orchestration only."""
