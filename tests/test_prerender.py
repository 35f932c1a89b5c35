"""The pre-renderer: HTML rendered once with named holes, filled per request (quiz/web/prerender.py)."""

import pytest
from jinja2 import Environment
from markupsafe import Markup

from quiz.web.prerender import Holed, compact, hole

jinja = Environment(autoescape=True)


def render(source: str, **context) -> str:
    return jinja.from_string(source).render(hole=hole, **context)


def test_a_page_rendered_with_holes_is_filled_with_each_requests_values():
    page = Holed(render("<p>{{ hole('name') }} har svarat på {{ hole('count') }} av 30 (100 %)</p>"))
    assert page.names == ["name", "count"]
    assert page.fill({"name": b"Alva", "count": b"12"}) == "<p>Alva har svarat på 12 av 30 (100 %)</p>".encode()
    assert page.fill({"name": b"Bo", "count": b"3"}) == "<p>Bo har svarat på 3 av 30 (100 %)</p>".encode()


def test_one_name_fills_every_hole_it_names_and_a_single_hole_works_too():
    twice = Holed(render("<a href='?s={{ hole('state') }}'>{{ hole('state') }}</a>"))
    assert twice.fill({"state": b"ab-."}) == b"<a href='?s=ab-.'>ab-.</a>"
    once = Holed(render("<input value=\"{{ hole('state') }}\">"))
    assert once.fill({"state": b"eB"}) == b'<input value="eB">'
    assert Holed(render("<p>inga hål</p>")).fill({}) == b"<p>inga h\xc3\xa5l</p>"


def test_the_template_escapes_around_the_holes_and_the_values_go_in_as_given():
    page = Holed(render("<p title='{{ title }}'>{{ hole('x') }}</p>", title="<&>"))
    assert page.fill({"x": b"<b>fet</b>"}) == b"<p title='&lt;&amp;&gt;'><b>fet</b></p>"


def test_join_takes_lists_of_pieces_for_the_big_parts():
    page = Holed(render("<main>{{ hole('head') }}<ol>{{ hole('rows') }}</ol></main>"))
    values = {"head": b"<h1>R</h1>", "rows": [b"<li>1</li>", b"<li>2</li>"]}
    assert page.join(values) == b"<main><h1>R</h1><ol><li>1</li><li>2</li></ol></main>"
    assert page.join({"head": b"", "rows": []}) == b"<main><ol></ol></main>"


def test_a_fragment_with_one_hole_splits_into_its_two_sides():
    before, after = Holed(render("<li>{{ hole('verdict') }}</li>")).halves()
    assert (before, after) == (b"<li>", b"</li>")
    with pytest.raises(ValueError):
        Holed(render("{{ hole('a') }}{{ hole('b') }}")).halves()


def test_compact_drops_template_indentation_and_gives_utf8():
    html = Markup("<ul>\n    <li>Ja</li>\n\n      <li>Nej, för dyrt</li>\n  </ul>")
    assert compact(html) == "<ul>\n<li>Ja</li>\n<li>Nej, för dyrt</li>\n</ul>".encode()
    assert compact("<p>ett  två</p>") == "<p>ett  två</p>".encode()  # spaces within a line stay
