"""Image folders to arrays: listing (files), format checks (formats), decoding (decode), the
loader (dataset), the image cache shared with R (cache, npy). Formats: docs/formats.md."""
