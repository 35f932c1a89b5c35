"""An untrusted host gets the host check's page whatever else is wrong with its request, and the
500 page itself never fails (issue 20, point 6)."""

from __future__ import annotations

from flask import abort

from tests.helpers.forms import checked


def test_an_untrusted_host_with_a_bad_embed_theme_gets_the_host_check_not_a_500(client, mini):
    state = checked("eb-.", mini.version)
    for path in ("/embed/", f"/embed/r/mini/{mini.version}/{state}", "/embed/tema.css", f"/embed/q/mini/{mini.version}/1"):
        response = client.get(path, query_string="farg=zz&namn=%01", headers={"Host": "evil.example"})
        assert response.status_code == 400, path
        assert "Okänd adress" in response.get_data(as_text=True)
        assert response.headers["Content-Security-Policy"] and response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_failing_500_page_falls_back_to_a_fixed_one_with_the_security_headers(make_app, monkeypatch):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        abort(500)

    from quiz.web import errors

    def broken(*args, **kwargs):
        raise RuntimeError("the error page cannot be built")

    monkeypatch.setattr(errors, "render_template", broken)
    response = app.test_client().get("/boom", headers={"Accept": "text/html"})
    assert response.status_code == 500
    assert "Något gick fel" in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"] and response.headers["Cache-Control"] == "no-store"
