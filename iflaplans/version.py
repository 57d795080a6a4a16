"""The package version (the readers' and rules' version is derived from it)."""

__version__ = "0.1.0"
