"""Analysts' corrections: the file people edit (``file``), the values in their words
(``words``), applying them (``apply``) and the review queue (``review``)."""
