"""Class mode: a teacher's short-lived class, students' randomized submissions, the dashboard and
the projector view. ``operations`` (the class's life in the database), ``tickets`` (signed values),
``limits`` (the class threshold, size cap and rate limits), ``randomized_response`` and
``aggregates`` (the figures), ``lesson``, ``forms``, ``views``, ``cli`` (``flask classes purge``).
``box`` is the interface it offers the voter's result page (the class box).

May import core, scoring, content, store and web; no other feature."""
