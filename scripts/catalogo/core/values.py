"""Shared by every stage (core): Reading loosely typed values from YAML documents: a value of another
type reads as empty, never as an error (the checks report it). Shared by every stage."""

from __future__ import annotations

from typing import Any


def text(value: Any) -> str:
    """The value when it is a string, else ""."""
    return value if isinstance(value, str) else ""


def items(value: Any) -> list[Any]:
    """The value when it is a list, else []."""
    return value if isinstance(value, list) else []


def mapping(value: Any) -> dict[str, Any]:
    """The value when it is a mapping, else {}."""
    return value if isinstance(value, dict) else {}


def strings(value: Any) -> list[str]:
    """The strings of a list (other entries skipped); [] when the value is not a list."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def mappings(value: Any) -> list[dict[str, Any]]:
    """The mappings of a list (other entries skipped); [] when the value is not a list."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
