"""Checks of exported documents against the standards' own material: our JSON Schema, the W3C Web
Annotation test suite's MUST schemas, and schema.org's context and vocabulary (offline)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry
from referencing.jsonschema import DRAFT4

from tests.shared import shared_file

SCHEMA_ORG = "https://schema.org/"


@cache
def export_schema() -> dict[str, Any]:
    text = resources.files("factcheck.exports").joinpath("schema/export-v1.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


def json_export_errors(document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        export_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


# --- W3C Web Annotation ----------------------------------------------------------------------------


def _webanno() -> Path:
    return shared_file("data/webanno/SOURCE.md").parent


@cache
def _w3c() -> dict[str, list[tuple[str, bool, jsonschema.Draft4Validator]]]:
    """The MUST assertions of each manifest, as (name, whether a conforming document passes it,
    its validator), their `$ref`s resolved among the suite's definitions (named by their `id`)."""
    root = _webanno()
    registry: Registry = Registry()
    for path in sorted((root / "definitions").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(contents["id"], DRAFT4.create_resource(contents))
    musts: dict[str, list[tuple[str, bool, jsonschema.Draft4Validator]]] = {}
    for kind, manifest in (
        ("annotation", "annotations/annotationMusts.test"),
        ("collection", "collections/collectionMusts.test"),
        ("page", "collections/pages/pageMusts.test"),
    ):
        listed = json.loads((root / manifest).read_text(encoding="utf-8"))["assertions"]
        musts[kind] = []
        for name in listed:
            schema = json.loads((root / name).read_text("utf-8"))
            validator = jsonschema.Draft4Validator(
                schema,
                registry=registry.crawl(),
                format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
            )
            expected = schema.get("expectedResult", "valid") == "valid"
            musts[kind].append((f"{name}: {schema.get('errorMessage', '')}", expected, validator))
    return musts


def w3c_failures(kind: str, document: Any) -> list[str]:
    """The W3C MUST assertions of `kind` (annotation, collection, page) the document fails."""
    return [
        name
        for name, expected, validator in _w3c()[kind]
        if validator.is_valid(document) != expected
    ]


# --- schema.org ------------------------------------------------------------------------------------


@cache
def schema_org_context() -> dict[str, Any]:
    path = shared_file("data/claimreview/schemaorgcontext.jsonld")
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def schema_org_terms() -> frozenset[str]:
    """Every class and property schema.org defines, as https://schema.org/ IRIs."""
    path = shared_file("data/claimreview/schemaorg-current-https.jsonld")
    graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
    return frozenset(
        node["@id"].replace("schema:", SCHEMA_ORG) for node in graph if isinstance(node, dict)
    )


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld's document loader, serving schema.org's context from ../shared and nothing else."""
    if url.rstrip("/") in {"https://schema.org", "http://schema.org"} or url.startswith(
        ("https://schema.org/docs/jsonldcontext", "http://schema.org/docs/jsonldcontext")
    ):
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": schema_org_context(),
        }
    raise AssertionError(f"the test would fetch {url}")
