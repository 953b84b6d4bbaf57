"""The office web page (SPEC section 13): each official logs in and does their own step.

`create_app` builds the Flask application; `pipeline.web.pages` holds its pages, each a
thin handler over one function of `pipeline.tasks`; `python run.py web` serves it with
waitress.
"""

from pipeline.web.app import create_app

__all__ = ["create_app"]
