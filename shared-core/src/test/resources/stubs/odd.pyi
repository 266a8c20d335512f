# my_server: get_user, broken, broken_properties, no_schema, shadow. Keyword arguments only. -> Any is the tool's JSON, else its text; a list if several items. Every call needs approval.
from typing import Any, Literal, TypedDict

Filter = TypedDict("Filter", {"first-name": str, "from": str, "ok": int}, total=False)

class Any2(TypedDict):
    x: int

class None2(TypedDict, total=False):
    y: int

def get_user(user_id: str, class_: str = None, _2fa: bool = True, filter: Filter = None, meta: dict[str, str] = None, score: float | None = None, value: str | int | list[float] = None, mode: Literal["fast"] = None, weights: list[float] = None) -> Any:
    """Fetch a user."""

def broken(**kwargs) -> Any:
    """Its schema has a bad type. Parameters unknown: see getToolDocs."""

def broken_properties(**kwargs) -> Any:
    """Parameters unknown: see getToolDocs."""

def no_schema(**kwargs) -> Any:
    """Nothing declared. Parameters unknown: see getToolDocs."""

def shadow(any: Any2 = None, none: None2 = None) -> Any:
    """A tool named like a typing name, with an object called any."""
