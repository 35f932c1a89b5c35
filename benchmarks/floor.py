"""The framework floor: a bare Flask app answering a constant string (a copy of
``../shared/bench/floor.py``, which the issue measures with).

`make bench-http` runs it under the same gunicorn settings as the app (``gunicorn -c
gunicorn.conf.py benchmarks.floor:app``, same workers), in the same run, and divides every page's
requests per second by its: a page at 0.5× serves half as many requests a second as Flask itself
can with nothing to do. The app's own ``/healthz`` is measured beside it, since it already pays
for every hook the app installs.
"""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
