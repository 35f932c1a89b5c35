"""The HTTP plumbing every feature uses: the request context read once per request (``context``),
languages and lättläst (``i18n``), security headers, HTTP caching, pages rendered once with holes
(``prerender``, ``holes``, ``memory``), requests answered before Flask (``fast_path``), error pages,
health and metrics, rate-limit clients (``clients``).

May import quiz.core, quiz.content, quiz.store (and ``quiz.extensions``), Flask and its extensions;
never scoring, analysis or a feature: features build on this, not the other way round."""
