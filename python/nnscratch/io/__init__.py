"""Files the command lines write and read: model files, the cost history (CSV and plot), all
written through ``atomic_write``. Formats: docs/formats.md."""
