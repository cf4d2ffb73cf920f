"""Administration: the organisation's rating scale and settings (admins only)."""
