"""factcheck: a self-hostable fact-checking desk."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from factcheck.config import (
    DEFAULT_INSTANCE_PATH,
    PROJECT_ROOT,
    Defaults,
    env_overrides,
    normalise_database_url,
    sqlite_url,
)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: layered config, extensions, blueprints and CLI. No I/O beyond reading config."""
    app = Flask(
        __name__,
        instance_path=str(os.environ.get("FACTCHECK_INSTANCE_PATH", DEFAULT_INSTANCE_PATH)),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(env_overrides(os.environ))
    if test_config is not None:
        app.config.update(test_config)

    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set. Set FACTCHECK_SECRET_KEY, or run "
            "`python -m factcheck.setup_instance` to write one into instance/config.py."
        )
    url = app.config.get("DATABASE_URL") or sqlite_url(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(str(url))
    # Room for a transcript at the size limit plus the rest of the form; larger bodies get a 413.
    body_limit = int(app.config["MAX_TRANSCRIPT_BYTES"]) * 2 + 1024 * 1024
    app.config["MAX_CONTENT_LENGTH"] = body_limit
    app.config["MAX_FORM_MEMORY_SIZE"] = body_limit
    # JSON columns (above all the frozen publications that exports and public pages read) are
    # decoded with orjson, falling back to the standard library where their values would differ.
    from factcheck.models.base import read_json

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "json_deserializer": read_json,
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }

    from factcheck.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)

    from factcheck.ids import IdConverter
    from factcheck.views import account, auth, errors
    from factcheck.views.admin import people  # noqa: F401  (its routes are on the admin blueprint)
    from factcheck.views.admin import settings as admin
    from factcheck.views.desk import (
        agreement,  # noqa: F401  (its routes are on the desk blueprint)
        assignments,
        decisions,
        exports,  # noqa: F401  (its routes are on the desk blueprint)
        review,
        speech_edits,  # noqa: F401  (its routes are on the desk blueprint)
    )
    from factcheck.views.desk import items as review_items
    from factcheck.views.desk import speeches as desk
    from factcheck.views.public import pages as public

    login_manager.user_loader(auth.load_user)

    app.url_map.converters["id"] = IdConverter  # <id:claim_id>: a row's id, or a 404

    app.register_blueprint(errors.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(review_items.bp)
    app.register_blueprint(decisions.bp)
    app.register_blueprint(assignments.bp)
    app.register_blueprint(admin.bp)

    from factcheck import cli, security, templating

    cli.register(app)
    templating.register(app)
    security.register(app)

    from factcheck import permissions
    from factcheck.exports.formats import FORMATS
    from factcheck.forms.auth import LogoutForm

    @app.context_processor
    def template_helpers() -> dict[str, Any]:
        return {
            "permissions": permissions,
            "logout_form": LogoutForm,
            "organisation_name": app.config["ORGANISATION_NAME"],
            "export_formats": FORMATS,
        }

    return app
