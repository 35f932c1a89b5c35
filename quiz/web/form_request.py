"""Flask's request class, reading small urlencoded form bodies the short way.

Why: every answer, result and filter is a POST of a few hundred bytes of
``application/x-www-form-urlencoded``. werkzeug's general form parser (stream wrappers, a parser
object, the content type parsed again) costs about five times the parse itself, and on the
result page that was a tenth of the request (docs/BENCHMARKS.md). This reads such a body with the
same ``parse_qsl`` call werkzeug makes and gives the same ``form``; anything else (multipart,
another content type, no or too large a ``Content-Length``, debug mode) goes to werkzeug as before.
"""

from __future__ import annotations

import io
from urllib.parse import parse_qsl

from flask import Request
from werkzeug.exceptions import ClientDisconnected

URLENCODED = "application/x-www-form-urlencoded"


class FormRequest(Request):
    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        environ = self.environ
        length = self.content_length
        limit = self.max_content_length
        if (
            environ.get("CONTENT_TYPE") != URLENCODED
            or length is None
            or (limit is not None and length > limit)  # werkzeug answers 413
            or hasattr(self, "_cached_data")  # the body was read already (get_data)
            or self.shallow
        ):
            super()._load_form_data()
            return
        body = environ["wsgi.input"].read(length) if length else b""
        if len(body) < length:
            raise ClientDisconnected()  # as werkzeug's limited stream does on a short body
        try:  # werkzeug's own call (formparser._parse_urlencoded); unreadable bodies give an empty form
            items = parse_qsl(body.decode(), keep_blank_values=True, errors="werkzeug.url_quote")
        except ValueError:
            items = []
        form, files = self.parameter_storage_class(items), self.parameter_storage_class()
        self.__dict__.update(stream=io.BytesIO(), form=form, files=files)  # past the cached properties
