# filesystem: read, write and search files under the allowed directories. Keyword arguments only. -> Any is the tool's JSON, else its text; a list if several items. Unmarked tools run without asking.
from typing import Any, Literal, NotRequired, TypedDict

class ReadTextFileResult(TypedDict):
    content: str

class Edit(TypedDict):
    oldText: str
    newText: str

class TreeEntry(TypedDict):
    name: str
    type: Literal["file", "directory"]
    children: NotRequired[list[TreeEntry]]

class DirectoryTreeResult(TypedDict):
    entries: list[TreeEntry]

def read_text_file(path: str, tail: float = None, head: float = None) -> ReadTextFileResult:
    """Read the complete contents of a file from the file system as text. Read-only."""

def edit_file(path: str, edits: list[Edit], dryRun: bool = False) -> Any:  # needs approval
    """Make line-based edits to a text file. Destructive.
    Returns a git-style diff showing the changes made."""

def directory_tree(path: str, excludePatterns: list[str] = []) -> DirectoryTreeResult:
    """Get a recursive tree view of files and directories as a JSON structure. Read-only."""

def move_file(source: str, destination: str) -> Any:  # needs approval
    """Move or rename files and directories."""

def list_allowed_directories() -> Any:
    """Returns the list of directories that this server is allowed to access. Read-only."""
