"""The web workbench and REST API over a store (`lagebild serve`); see docs/web.md."""

from lagebild.web.app import create_app

__all__ = ["create_app"]
