"""The import graph of quiz/ keeps to the layers (issue 21, README "How it fits together").

Read with ``ast``, so imports inside functions count as much as those at the top of a module: a
hidden import is still an arrow, and a cycle through one still breaks the layering. Relative imports
are resolved; ``from package import module`` is an arrow to the module.

The rule, read "may import" (besides its own layer; an arrow to a layer not listed is refused):

    core      -> (nothing in quiz)                 the quiz model, answers, a published version
    scoring   -> core                              one formula, kernels, ranking, the peers...
    analysis  -> core, scoring                     the audit, the worked example
    content   -> core                              YAML folders, valkompass/1 JSON
    store     -> core, content, extensions         SQLAlchemy models, the catalog
    web       -> core, content, store, extensions, config     HTTP plumbing, knows no feature
    a feature -> all of the above, and another feature only through an interface module it
                 offers (INTERFACES), never its views, and never both ways
    quiz/__init__.py (create_app) -> everything

A module in no layer fails too: place it (MAP.md) before it grows arrows.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MAY_IMPORT: dict[str, set[str]] = {
    "core": set(),
    "scoring": {"core"},
    "analysis": {"core", "scoring"},
    "content": {"core"},
    "store": {"core", "content", "extensions"},
    "web": {"core", "content", "store", "extensions", "config"},
    "feature": {"core", "scoring", "analysis", "content", "store", "web", "extensions", "config"},
    "extensions": set(),
    "config": set(),
    "app": {"core", "scoring", "analysis", "content", "store", "web", "extensions", "config", "feature"},
}
LAYER_PACKAGES = {"core", "scoring", "analysis", "content", "store", "web"}
FEATURES = {"voter", "embed", "classroom", "api", "publishing", "editor", "review"}
TOP_MODULES = {"extensions": "extensions", "config": "config"}

# What a feature offers the others: the only modules of a feature another feature may import.
INTERFACES = {
    "classroom.box": "the class box and the unreachable box the voter pages show; the class threshold",
    "publishing.operations": "publish a version (import, the editor's Publicera, the review round)",
    "embed.snippet": "the embed code the editor's published page shows",
    "editor.drafts": "drafts, for the review round",
    "editor.log": "the change log, for the review round",
    "editor.accounts": "editor accounts, for the review round's CLI",
    "editor.files": "drafts from and to content folders, for the review round's CLI",
}

# Arrows against the rule still in the tree, each with what must move for it to go. Keep it empty.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def modules(package: Path) -> dict[str, Path]:
    """Dotted name -> file for every module of the package (``pkg.sub`` for ``pkg/sub/__init__.py``)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package that ``name`` imports anywhere in its file, relative imports resolved."""
    root = name.split(".")[0]
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()

    def nearest(dotted: str) -> str | None:
        while dotted and dotted not in known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - (node.level - 1)]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            candidates = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for candidate in candidates:
            if candidate == root or candidate.startswith(root + "."):
                target = nearest(candidate)
                if target and target != name:
                    targets.add(target)
    return targets


def graph(package: Path) -> dict[str, set[str]]:
    known = modules(package)
    return {name: imports(name, path, known) for name, path in known.items()}


def place(name: str) -> tuple[str | None, str | None]:
    """(layer, feature) of a module; (None, None) for a module in no layer."""
    parts = name.split(".")
    if len(parts) == 1:
        return "app", None
    head = parts[1]
    if head in LAYER_PACKAGES:
        return head, None
    if head in FEATURES:
        return "feature", head
    if len(parts) == 2 and head in TOP_MODULES:
        return TOP_MODULES[head], None
    return None, None


def short(name: str) -> str:
    return name.partition(".")[2] or name


def rule_breaches(edges: dict[str, set[str]], known_exceptions=KNOWN_EXCEPTIONS) -> list[str]:
    """Every arrow against the rule, as ``a -> b: why``."""
    problems = []
    feature_arrows: dict[tuple[str, str], list[str]] = defaultdict(list)
    for source in sorted(edges):
        layer, feature = place(source)
        if layer is None:
            problems.append(f"{source} is in no layer: move it where MAP.md says")
            continue
        for target in sorted(edges[source]):
            if (short(source), short(target)) in known_exceptions:
                continue
            target_layer, target_feature = place(target)
            arrow = f"{short(source)} -> {short(target)}"
            if target_layer is None:
                continue  # reported as a module in no layer
            if layer == "feature" and target_layer == "feature":
                if feature == target_feature:
                    continue
                if short(target) not in INTERFACES:
                    problems.append(f"{arrow}: a feature may import another feature only through its "
                                    f"interface ({', '.join(i for i in INTERFACES if i.startswith(target_feature + '.')) or 'none offered'})")
                feature_arrows[(feature, target_feature)].append(arrow)
            elif target_layer != layer and target_layer not in MAY_IMPORT[layer]:
                problems.append(f"{arrow}: {layer} may not import {target_layer} "
                                f"({layer} may import {', '.join(sorted(MAY_IMPORT[layer])) or 'nothing in quiz'})")
    for (a, b), arrows in sorted(feature_arrows.items()):
        if a < b and (b, a) in feature_arrows:
            problems.append(f"features {a} and {b} import each other: {', '.join(arrows + feature_arrows[(b, a)])}")
    return problems


def cycles(edges: dict[str, set[str]], known_exceptions=KNOWN_EXCEPTIONS) -> list[list[str]]:
    """One cycle (as a path a -> … -> a) for every strongly connected set of modules (Tarjan)."""
    edges = {m: {t for t in ts if (short(m), short(t)) not in known_exceptions} for m, ts in edges.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(path_through(set(component), edges))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def path_through(component: set[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest cycle from the component's first module back to itself (breadth first)."""
    start = min(component)
    previous = {start: None}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(edges[node] & component):
            if target == start:
                path = [node]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return [short(m) for m in [*reversed(path), start]]
            if target not in previous:
                previous[target] = node
                queue.append(target)
    return sorted(component)


def test_quiz_keeps_to_its_layers():
    problems = rule_breaches(graph(ROOT / "quiz"))
    assert not problems, "arrows against the layers (tests/test_import_graph.py):\n" + "\n".join(problems)


def test_quiz_has_no_import_cycles():
    found = cycles(graph(ROOT / "quiz"))
    assert not found, "import cycles (imports inside functions count):\n" + "\n".join(" -> ".join(c) for c in found)


def test_every_known_exception_is_still_needed_and_every_interface_exists():
    """An exception the code no longer needs leaves the list, so it cannot hide a new arrow; an
    interface that was renamed is renamed here too."""
    edges = graph(ROOT / "quiz")
    present = {(short(a), short(b)) for a, ts in edges.items() for b in ts}
    assert not set(KNOWN_EXCEPTIONS) - present, set(KNOWN_EXCEPTIONS) - present
    assert not {i for i in INTERFACES if f"quiz.{i}" not in edges}, "interfaces that are not modules"


# --- the checker itself, on a package planted in a temporary folder -------------------------------


def plant(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"__init__.py": "", **files}.items():
        path = tmp_path / "quiz" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(tmp_path / "quiz").parents:
            (tmp_path / "quiz" / parent / "__init__.py").touch()
        path.write_text(text)
    return tmp_path / "quiz"


CLEAN = {
    "core/model.py": "import numpy\n",
    "core/answers.py": "from .model import Quiz\n",
    "scoring/formula.py": "from ..core import answers\n",
    "scoring/ranking.py": "from quiz.scoring.formula import score\nfrom quiz.core.model import Quiz\n",
    "web/context.py": "from ..core.answers import encode\nfrom ..extensions import db\n",
    "store/catalog.py": "from ..content.folders import load\n",
    "content/folders.py": "from ..core import model\n",
    "extensions.py": "",
    "config.py": "",
    "classroom/box.py": "from ..web import context\n",
    "classroom/views.py": "from . import box\nfrom ..scoring import ranking\n",
    "voter/views.py": "from ..classroom.box import class_box\nfrom ..classroom import box\n",
    "__init__.py": "def create_app():\n    from .voter import views\n    from .classroom import views as c\n",
}


def test_the_checker_passes_a_package_that_keeps_the_rule(tmp_path):
    edges = graph(plant(tmp_path, CLEAN))
    assert edges["quiz.voter.views"] == {"quiz.classroom.box"}
    assert edges["quiz"] == {"quiz.voter.views", "quiz.classroom.views"}
    assert rule_breaches(edges) == [] and cycles(edges) == []


def test_the_checker_names_an_arrow_up_even_inside_a_function(tmp_path):
    edges = graph(plant(tmp_path, {**CLEAN, "core/model.py": "def f():\n    from ..web.context import carried\n"}))
    assert rule_breaches(edges) == [
        "core.model -> web.context: core may not import web (core may import nothing in quiz)"]


def test_the_checker_refuses_scoring_in_web_and_a_feature_in_web(tmp_path):
    edges = graph(plant(tmp_path, {**CLEAN, "web/context.py": "import quiz.scoring.ranking\nfrom quiz.voter import views\n"}))
    assert rule_breaches(edges) == [
        "web.context -> scoring.ranking: web may not import scoring (web may import config, content, core, extensions, store)",
        "web.context -> voter.views: web may not import feature (web may import config, content, core, extensions, store)",
    ]


def test_the_checker_refuses_another_features_views_and_features_both_ways(tmp_path):
    edges = graph(plant(tmp_path, {**CLEAN, "classroom/box.py": "from ..voter.views import page\n"}))
    assert rule_breaches(edges) == [
        "classroom.box -> voter.views: a feature may import another feature only through its interface (none offered)",
        "features classroom and voter import each other: classroom.box -> voter.views, voter.views -> classroom.box",
    ]


def test_the_checker_finds_a_cycle_through_a_function_import(tmp_path):
    edges = graph(plant(tmp_path, {**CLEAN, "scoring/formula.py": "def f():\n    from . import ranking\n"}))
    assert rule_breaches(edges) == []
    assert cycles(edges) == [["scoring.formula", "scoring.ranking", "scoring.formula"]]


def test_the_checker_places_every_module(tmp_path):
    edges = graph(plant(tmp_path, {**CLEAN, "carried.py": "from .core import model\n"}))
    assert rule_breaches(edges) == ["quiz.carried is in no layer: move it where MAP.md says"]


def test_a_known_exception_silences_one_arrow_only(tmp_path):
    edges = graph(plant(tmp_path, {**CLEAN, "core/model.py": "from ..web import context\nfrom ..store import catalog\n"}))
    exceptions = {("core.model", "web.context"): "moves to web"}
    assert rule_breaches(edges, exceptions) == [
        "core.model -> store.catalog: core may not import store (core may import nothing in quiz)"]
