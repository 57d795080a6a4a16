"""Nightly runs: finding and naming files, the manifest, kept results (shards), run
history and plan versions."""
