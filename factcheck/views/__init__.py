"""Blueprints, one per audience: auth, desk (staff), public (readers), errors."""
