"""``make preview``: serve one language and rebuild it, warm, on every save (``__main__.py``)."""
