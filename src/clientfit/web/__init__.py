"""The web app: server-rendered pages with JSON twins, a REST API under /api, EN/PL."""

from clientfit.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
