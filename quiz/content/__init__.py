"""Quiz content as files: content folders (YAML, ``folders``) and ``valkompass/1`` JSON (``exchange``),
both checked by ``validation`` and read into the model of ``quiz.core.model``."""
