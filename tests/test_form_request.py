"""The short way of reading form bodies gives exactly werkzeug's form, and refuses what it refuses."""

import io

import pytest
from flask import Request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from quiz.web.form_request import FormRequest

BODIES = [
    b"state=AbcdeabCdeabcdEabcdeaBcdeabcDe&kommun=alla",
    b"state=eA-c&parti=alfa&parti=gamma&action=omrakna&svar-1=2&viktig-1=1&svar-2=",
    b"namn=Sydsvenskan+%C3%96resund&farg=%23005a9c",  # + and percent-encoded UTF-8
    b"namn=%FF%FE&x=%zz&y",  # undecodable escapes, a broken escape, a key without a value
    "namn=Örebro".encode(),  # raw UTF-8
    b"namn=\xff\xfe",  # raw bytes that are not UTF-8
    b"",
    b"&&=&a=1&a=2&=x",
]


def make(cls, body: bytes, content_type="application/x-www-form-urlencoded", length=None, limit=None):
    environ = {
        "REQUEST_METHOD": "POST", "CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(body) if length is None else length),
        "wsgi.input": io.BytesIO(body), "SERVER_NAME": "localhost", "SERVER_PORT": "80", "wsgi.url_scheme": "http",
    }
    request = cls(environ)
    request.max_content_length = limit
    return request


@pytest.mark.parametrize("body", BODIES)
def test_the_same_form_as_werkzeug(body):
    ours, theirs = make(FormRequest, body).form, make(Request, body).form
    assert list(ours.items(multi=True)) == list(theirs.items(multi=True))


def test_other_content_types_and_oversized_bodies_go_to_werkzeug():
    multipart = b'--b\r\nContent-Disposition: form-data; name="state"\r\n\r\neA-c\r\n--b--\r\n'
    request = make(FormRequest, multipart, content_type="multipart/form-data; boundary=b")
    assert request.form["state"] == "eA-c"
    with pytest.raises(RequestEntityTooLarge):
        make(FormRequest, b"state=" + b"a" * 100, limit=50).form


def test_a_body_shorter_than_its_content_length_is_a_bad_request():
    with pytest.raises(BadRequest):
        make(FormRequest, b"state=eA", length=40).form
