"""The Babel extraction method for the server's Python (babel.cfg): every sentence a reader can be
shown. Babel's own extractor finds gettext calls and N_ marks; this one adds what is written as
plain code: the `default_detail` of each error kind, the literal sentence a raise passes to an
error (app/domain/errors.py), the template of a Refused or a Sentence, a Quota's refusal, and the
title of each HTTP status the API answers with (app/api/problem_details.py)."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Collection, Iterator, Mapping
from http import HTTPStatus
from typing import IO, Any

from babel.messages.extract import extract_python

from app.api.problem_details import STATUSES
from app.domain import errors, quotas
from app.domain.sentences import Sentence

# the name of the parameter that carries the sentence, for each kind of call that takes one
_SENTENCE_PARAMETERS = ("detail", "template", "refusal")
Found = tuple[Any, ...]  # as Babel reads it: line, function, message(s), comments


def _kinds() -> dict[str, int]:
    """Each class taking a sentence, by name, with the position of its sentence argument."""
    classes: list[type] = [errors.Refused, Sentence, quotas.Quota]
    pending: list[type] = [errors.DomainError]
    while pending:
        kind = pending.pop()
        classes.append(kind)
        pending.extend(kind.__subclasses__())
    positions = {}
    for kind in classes:
        names = [p for p in inspect.signature(kind).parameters if p not in ("args", "kwargs", "params")]
        sentence = next((n for n in names if n in _SENTENCE_PARAMETERS), None)
        if sentence is not None:
            positions[kind.__name__] = names.index(sentence)
    return positions


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def sentences(tree: ast.AST, kinds: Mapping[str, int]) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "default_detail"
                                                for t in node.targets):
            if (text := _text(node.value)) is not None:
                yield node.lineno, text
        elif isinstance(node, ast.Call) and (name := _called(node)) is not None and name in kinds:
            position = kinds[name]
            argument = node.args[position] if len(node.args) > position else next(
                (k.value for k in node.keywords if k.arg in _SENTENCE_PARAMETERS), None)
            if (text := _text(argument)) is not None:
                yield node.lineno, text


def extract(fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str],
            options: dict[str, Any]) -> Iterator[Found]:
    yield from extract_python(fileobj, [*keywords, "N_"], comment_tags, options)  # type: ignore[arg-type]
    fileobj.seek(0)
    tree = ast.parse(fileobj.read())
    for line, text in sentences(tree, _kinds()):
        yield line, None, text, []
    if getattr(fileobj, "name", "").endswith("problem_details.py"):
        for status in sorted(STATUSES):
            yield 1, None, HTTPStatus(status).phrase, []
