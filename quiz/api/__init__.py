"""The public JSON API: quizzes, their export and the match for a set of answers, by any method.

May import core, scoring, content, store and web; no other feature."""
