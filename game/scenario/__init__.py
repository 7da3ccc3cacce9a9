"""The scenario format: model, YAML loading with source positions, diagnostics, schema."""
