"""Where an annotation of a finding lands: a file relative to the repository root, and a line.

A pull request's reviewer needs the annotation on the line that changed, and GitHub places an
annotation only when ``file=`` is relative to the repository root (``GITHUB_WORKSPACE``), whatever
directory the check ran in. In order of preference, a finding is placed:

1. on the node in the snapshot file of the finding's side, when that side was read from a file;
2. when the candidate is a ``module:app`` import, on the line of the user's Python source where
   the pydantic model (or enum) behind the changed definition is declared, or its field (or
   member) when the finding names one: the class is found among the loaded models by the
   definition's ``title`` (pydantic's title is the class name), its file and line by
   :mod:`inspect`, the field's line by reading the class body with :mod:`ast`;
3. on the nearest node that exists in the other side's file (a property removed from the old
   side is shown on its parent object in the new file);
4. in the snapshot file ``--update`` would write for the candidate, at the line the node will have
   there.

Only files below the repository root are named; nothing is placed elsewhere.
"""

from __future__ import annotations

import ast
import enum
import functools
import inspect
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from schemadiff.diff.model import DiffReport, Finding, Side
from schemadiff.errors import SchemaError
from schemadiff.pointer import join, split
from schemadiff.workspace import repository_path

_INSTALLED = frozenset({"site-packages", "dist-packages"})

Location = tuple[str, int | None]
"""A file relative to the repository root (with ``/``) and a 1-based line, when known."""


@dataclass(frozen=True, slots=True)
class Locator:
    """Places the findings of one report (see the module docstring for the order)."""

    report: DiffReport
    old_schema: Mapping[str, Any]
    new_schema: Mapping[str, Any]
    root: Path
    app_source: bool = False
    """True when the candidate (new side) was imported from a ``module:app``."""
    update_file: Path | None = None
    """The file ``--update`` would write the candidate to."""
    update_text: str | None = None
    """The text ``--update`` would write there."""

    def __call__(self, finding: Finding) -> Location | None:
        return (
            self._in_snapshot_file(finding)
            or self._in_python_source(finding)
            or self._in_other_file(finding)
            or self._in_update_file(finding)
        )

    def _schema(self, side: Side) -> Mapping[str, Any]:
        return self.new_schema if side is Side.NEW else self.old_schema

    def _file_of(self, side: Side) -> str | None:
        info = self.report.new if side is Side.NEW else self.report.old
        return info.path

    def _in_snapshot_file(self, finding: Finding) -> Location | None:
        path = self._file_of(finding.side)
        if path is None:
            return None
        shown = repository_path(path, self.root)
        if shown is None:
            return None
        from schemadiff.report.lines import line_of

        return shown, line_of(path, finding.pointer)

    def _in_python_source(self, finding: Finding) -> Location | None:
        if not self.app_source:
            return None
        target = _definition_target(self._schema(finding.side), finding.pointer)
        if target is None:
            return None
        return python_location(target, self.root)

    def _in_other_file(self, finding: Finding) -> Location | None:
        other = Side.OLD if finding.side is Side.NEW else Side.NEW
        path = self._file_of(other)
        shown = repository_path(path, self.root) if path is not None else None
        if path is None or shown is None:
            return None
        from schemadiff.report.lines import line_of

        return shown, _nearest(finding.pointer, lambda p: line_of(path, p))

    def _in_update_file(self, finding: Finding) -> Location | None:
        if self.update_file is None or self.update_text is None:
            return None
        shown = repository_path(self.update_file, self.root)
        if shown is None:
            return None
        from schemadiff.report.lines import line_in_text

        text = self.update_text
        return shown, _nearest(finding.pointer, lambda p: line_in_text(text, p))


def _nearest(pointer: str, line: Any) -> int | None:
    """The line of ``pointer``, else of its nearest ancestor that has one."""
    try:
        tokens = split(pointer)
    except SchemaError:
        return None
    while tokens:
        found = line(join("", *tokens))
        if found is not None:
            return int(found)
        tokens.pop()
    return None


@dataclass(frozen=True, slots=True)
class DefinitionTarget:
    """What a pointer names in terms of the user's code: a class, and maybe a field or member."""

    title: str
    definition: str
    field: str | None = None
    """A property name (pydantic field name or alias)."""
    member_value: Any = None
    """An enum value, for a pointer into a definition's ``enum``."""
    has_member: bool = False


def _definition_target(schema: Mapping[str, Any], pointer: str) -> DefinitionTarget | None:
    """The definition a pointer lies in (``/$defs/Order/...``) and its first property or value."""
    try:
        tokens = split(pointer)
    except SchemaError:
        return None
    if len(tokens) < 2 or tokens[0] != "$defs":
        return None
    definitions = schema.get("$defs")
    node = definitions.get(tokens[1]) if isinstance(definitions, Mapping) else None
    if not isinstance(node, Mapping):
        return None
    title = node.get("title")
    target = DefinitionTarget(title if isinstance(title, str) else tokens[1], tokens[1])
    rest = tokens[2:]
    if len(rest) >= 2 and rest[0] == "properties":
        return DefinitionTarget(target.title, target.definition, field=rest[1])
    values = node.get("enum")
    if len(rest) >= 2 and rest[0] == "enum" and rest[1].isdigit() and isinstance(values, list):
        index = int(rest[1])
        if index < len(values):
            return DefinitionTarget(target.title, target.definition, member_value=values[index],
                                    has_member=True)
    return target


def python_location(target: DefinitionTarget, root: Path) -> tuple[str, int] | None:
    """The file (relative to ``root``) and line declaring ``target`` in the loaded user code."""
    for cls in _classes_titled(target, root):
        if target.field is not None:
            found = _field_line(cls, target.field, root)
            if found is not None:
                return found
        if target.has_member and isinstance(cls, type) and issubclass(cls, enum.Enum):
            found = _member_line(cls, target.member_value, root)
            if found is not None:
                return found
        declared = _class_line(cls, root)
        if declared is not None:
            return declared
    return None


def _classes_titled(target: DefinitionTarget, root: Path) -> list[type]:
    """Loaded pydantic models and enums below ``root`` whose schema title is ``target.title``.

    The class named like the definition comes first (FastAPI may qualify names on a clash).
    """
    found = [cls for cls in _user_classes(root) if _title(cls) == target.title]
    return sorted(found, key=lambda cls: cls.__name__ != target.definition)


def _title(cls: type) -> str:
    config = getattr(cls, "model_config", None)
    title = config.get("title") if isinstance(config, Mapping) else None
    return title if isinstance(title, str) else cls.__name__


def _user_classes(root: Path) -> Iterator[type]:
    """Subclasses of pydantic's ``BaseModel`` and of ``Enum`` defined in files below ``root``.

    Only what is already imported: the app import loaded the user's models, and without pydantic
    loaded there is nothing to find (and nothing is imported to look).
    """
    bases: list[type] = [enum.Enum]
    pydantic = sys.modules.get("pydantic")
    model = getattr(pydantic, "BaseModel", None) if pydantic is not None else None
    if isinstance(model, type):
        bases.append(model)
    seen: set[type] = set()
    stack = list(bases)
    while stack:
        cls = stack.pop()
        try:
            children: list[type] = cls.__subclasses__()
        except TypeError:
            continue
        for child in children:
            if child in seen:
                continue
            seen.add(child)
            stack.append(child)
            if _source_file(child, root) is not None:
                yield child


def _source_file(cls: type, root: Path) -> str | None:
    """The file ``cls`` is declared in, relative to ``root``; ``None`` outside it or unknown.

    Installed packages are never the user's models, even in a virtual environment kept inside
    the repository (``.venv/lib/.../site-packages``).
    """
    module = sys.modules.get(cls.__module__)
    file = getattr(module, "__file__", None)
    if not isinstance(file, str) or not file.endswith(".py"):
        return None
    shown = repository_path(file, root)
    if shown is None or _INSTALLED.intersection(shown.split("/")):
        return None
    return shown


def _class_line(cls: type, root: Path) -> tuple[str, int] | None:
    shown = _source_file(cls, root)
    node = _class_node(cls)
    if shown is None or node is None:
        return None
    return shown, node.lineno


def _field_line(cls: type, field: str, root: Path) -> tuple[str, int] | None:
    """The line of the field named (or aliased) ``field``, in ``cls`` or the base declaring it."""
    name = _field_name(cls, field)
    for klass in cls.__mro__:
        shown = _source_file(klass, root)
        node = _class_node(klass) if shown is not None else None
        if node is None or shown is None:
            continue
        for statement in node.body:
            if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                    and statement.target.id == name):
                return shown, statement.lineno
    return None


def _field_name(cls: type, property_name: str) -> str:
    """The attribute behind a schema property: itself, or the field whose alias it is."""
    fields = getattr(cls, "model_fields", None)
    if not isinstance(fields, Mapping):
        return property_name
    for name, info in fields.items():
        aliases = (getattr(info, "alias", None), getattr(info, "serialization_alias", None),
                   getattr(info, "validation_alias", None))
        if property_name == name or property_name in aliases:
            return str(name)
    return property_name


def _member_line(cls: type[enum.Enum], value: Any, root: Path) -> tuple[str, int] | None:
    names = [member.name for member in cls if member.value == value]
    shown = _source_file(cls, root)
    node = _class_node(cls)
    if not names or shown is None or node is None:
        return None
    for statement in node.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == names[0] for target in statement.targets
        ):
            return shown, statement.lineno
    return None


def _class_node(cls: type) -> ast.ClassDef | None:
    """The ``class`` statement of ``cls`` (by qualified name) in its module's parsed source."""
    try:
        file = inspect.getsourcefile(cls)
    except TypeError:
        return None
    if file is None:
        return None
    tree = _parsed(file)
    if tree is None:
        return None
    body: list[ast.stmt] = tree.body
    found: ast.ClassDef | None = None
    for part in cls.__qualname__.split("."):
        found = next((node for node in body
                      if isinstance(node, ast.ClassDef) and node.name == part), None)
        if found is None:
            return None
        body = found.body
    return found


@functools.lru_cache(maxsize=64)
def _parsed(file: str) -> ast.Module | None:
    try:
        return ast.parse(Path(file).read_text(encoding="utf-8"), filename=file)
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
