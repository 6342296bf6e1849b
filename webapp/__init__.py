"""The 政策通 web app: an app over the ``assistant`` library, using only its public API.

``build_app`` makes the public chat (with the ``/ask`` API) and the staff pages; ``launch``
serves them, the staff pages only behind a configured login. ``view`` renders, as pure
functions; ``static/`` holds the pages' CSS and browser code.
"""

from .server import WebApp, build_app, launch, login_credentials

__all__ = ["WebApp", "build_app", "launch", "login_credentials"]
