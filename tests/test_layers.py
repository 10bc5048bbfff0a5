"""The package's layers (docs/architecture.md): imports go from the outside in, and the
only import circle is the one Wagtail's page-as-view design forces (page models served by
``icc_practices.public.pages``), which goes through ``page_views()`` and is no import.

Read from the source with ``ast``: imports inside functions count too."""

import ast
from pathlib import Path

import icc_practices

PACKAGE = Path(icc_practices.__file__).parent
# Layer of each subpackage or module; a layer may import its own and those it lists.
ALLOWED = {
    "models": {"models", "conf", "degraded"},
    "search": {"search", "models", "conf", "degraded"},
    "pdf": {"pdf", "search", "models", "conf", "degraded"},
    "submissions": {"submissions", "models", "conf", "degraded"},
    "transfer": {"transfer", "search", "models", "conf", "degraded"},
    "alerts": {"alerts", "search", "models", "conf", "degraded", "pdf", "submissions"},
    "maps": {"maps", "search", "models", "conf"},
    "public": {
        *("public", "search", "models", "conf", "degraded", "pdf", "submissions", "transfer"),
        *("alerts", "maps"),
    },
    "admin": {"admin", "search", "models", "conf", "degraded", "submissions", "transfer"},
    "api": {"api", "search", "models", "conf", "degraded", "public"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports (at any level)."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        targets = set()
        tree = ast.parse(path.read_text(), str(path))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue  # annotations only: no import at run time
            if isinstance(node, ast.ImportFrom) and node.module:
                base = node.module
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        found[module_name(path)] = {t for t in targets if t.startswith("icc_practices.")}
    modules = set(found)
    return {name: {t for t in targets if t in modules} - {name} for name, targets in found.items()}


def layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_layers_import_only_inwards():
    wrong = []
    for module, targets in imports().items():
        allowed = ALLOWED.get(layer(module))
        if allowed is None:
            continue  # wiring, templatetags, management, demo: outside every layer
        wrong.extend(f"{module} -> {target}" for target in targets if layer(target) not in allowed)
    assert wrong == []


def test_there_is_no_import_circle():
    graph = imports()
    cycles = []

    def visit(module: str, path: list[str], on_path: set[str], done: set[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in on_path:
                cycles.append(path[path.index(target) :] + [target])
            elif target not in done:
                on_path.add(target)
                visit(target, [*path, target], on_path, done)
                on_path.discard(target)
                done.add(target)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module], {module}, done)
            done.add(module)
    assert cycles == []


def test_page_models_reach_their_views_through_the_seam():
    from icc_practices.models.pages import PAGE_VIEWS, page_views
    from icc_practices.public import pages

    assert PAGE_VIEWS == pages.__name__
    assert page_views() is pages
