"""Blueprints, one package per audience: desk/ (staff), admin/, public/ (readers); auth and
account; errors; and _helpers, what they share."""
