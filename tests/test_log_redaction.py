"""quiz/web/log_redaction.py: the one rule that keeps answers, teacher links and class codes out of logs."""

import logging

from quiz.web.log_redaction import RedactingFilter, redact


def test_every_secret_in_a_path_or_query_is_redacted_and_nothing_else():
    secrets = {
        "GET /r/socialpolitik/3-1a2b3c4d/eB-cdA..?lang=en HTTP/1.1": "eB-cdA",
        "Exception on /embed/r/socialpolitik/3-1a2b3c4d/eB-cdA.. [GET]": "eB-cdA",
        "/larare/Xk3vT0kenT0ken/klass.csv": "Xk3vT0kenT0ken",
        "/klass/K4WRH9/svar": "K4WRH9",
        "/klass?kod=K4WRH9": "K4WRH9",
        "/q/socialpolitik/3-1a2b3c4d/2?klass=K4WRH9&lang=en": "K4WRH9",
        "/visning/K4WRH9/0a1b2c3d4e": "0a1b2c3d4e",
        "/q/mini/1-00000000/1?state=eB-c0": "eB-c0",
        "Exception on /redaktion/inbjudan/Inv1tat10nT0ken [POST]": "Inv1tat10nT0ken",
        "Exception on /granska/Pa4rtyT0kenT0kenT0ken/svar/p1 [POST]": "Pa4rtyT0kenT0kenT0ken",
        '"POST /granska/Pa4rtyT0kenT0kenT0ken/skicka HTTP/1.1"': "Pa4rtyT0kenT0kenT0ken",
    }
    for line, secret in secrets.items():
        assert secret not in redact(line) and "REDACTED" in redact(line), line
    assert redact("/larare/Xk3vT0kenT0ken/klass.csv") == "/larare/REDACTED/klass.csv"
    for harmless in ("/", "/q/socialpolitik/?kommun=solna&lang=en", "/larare/guide?lang=en", "/larare/ny", "/klass",
                     "/static/style.css?v=abc", "/q/socialpolitik/3-1a2b3c4d/2?lattlast=1",
                     "/redaktion/q/mini/granska", "GET /redaktion/q/mini/granska/x"):
        assert redact(harmless) == harmless


def test_the_filter_redacts_the_message_its_arguments_and_the_traceback():
    try:
        raise ValueError("could not read /r/mini/1-00000000/eB-c0")
    except ValueError:
        import sys

        record = logging.LogRecord("quiz", logging.ERROR, __file__, 1, "Exception on %s [%s]",
                                   ("/embed/r/mini/1-00000000/eB-c0", "GET"), sys.exc_info())
    RedactingFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "eB-c0" not in text and "Exception on /embed/r/mini/1-00000000/REDACTED [GET]" in text


def test_the_development_servers_request_lines_are_redacted_too(app, caplog):
    """`make run` serves with werkzeug, which logs every request line at info."""
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        logging.getLogger("werkzeug").info('127.0.0.1 - - "%s" %s %s', "GET /r/mini/1-00000000/eB-c0 HTTP/1.1", 200, 10)
    assert "eB-c0" not in caplog.text and "/r/mini/1-00000000/REDACTED" in caplog.text
