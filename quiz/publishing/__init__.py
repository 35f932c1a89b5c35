"""Publishing quiz versions: ``operations`` (publish_all, the one path every import takes; the
interface the editor and review use) and ``cli`` (``flask quiz validate/import/export/audit/list``).

May import core, analysis, content and store; no other feature, and not web."""
