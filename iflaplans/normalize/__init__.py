"""Stage 2: raw rows -> activities, tasks, status events and units."""

from iflaplans.normalize.plan import normalize

__all__ = ["normalize"]
