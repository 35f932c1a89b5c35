"""The voter's pages: start, statements, result, the charts, the method page, sharing and the
answer editor, each built by a page builder that takes the request context (``quiz.web.context``)
as an argument (``statement_page``, ``result_page``, ``method_page``, ``method_line``, ``charts``);
``fast`` serves the plain answer step and result page before Flask (issue 25).

May import core, scoring, analysis, content, store and web; of the other features only the class
box (``quiz.classroom.box``), which class mode offers the result page."""
