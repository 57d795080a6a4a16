"""Analysts' corrections: the file people edit (``file``), applying it (``apply``)
and the review queue (``review``)."""
