"""A page that carries a class code is never public (issue 20, point 7): a student's statement
pages (``?klass=<code>``) are ``private, no-store`` without an ETag, so no CDN keeps the code;
the same pages without a class stay public."""

from __future__ import annotations


def test_statement_pages_that_carry_a_class_are_not_public(client, mini):
    for path in (f"/q/mini/{mini.version}/1", f"/q/mini/{mini.version}/3", "/q/mini/", f"/embed/q/mini/{mini.version}/2"):
        with_class = client.get(path, query_string={"klass": "ACD347", "kommun": "alla"})
        assert with_class.status_code == 200, path
        assert with_class.headers["Cache-Control"] == "private, no-store", path
        assert "ETag" not in with_class.headers
        assert 'value="ACD347"' in with_class.get_data(as_text=True) or path == "/q/mini/"
        plain = client.get(path)
        assert "public" in plain.headers["Cache-Control"] and plain.headers["ETag"], path
