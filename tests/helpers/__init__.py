"""What several test modules share, in one place (issue 21): ``forms`` (the CSRF token, hidden fields,
the answer state), ``voter`` (a result page), ``classroom`` (a class, a student's phone, the CSV),
``editor`` and ``review`` (the browser editor's and the review round's steps), ``database`` (a
database that goes away, a new version published). Test modules import from here, never from each
other; fixtures stay in conftest.py."""
