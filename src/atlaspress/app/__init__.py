"""Stage 8, app: what a user runs — the CLI, build, serve, check, scaffolding, importers, docs.
Nothing imports the app."""
