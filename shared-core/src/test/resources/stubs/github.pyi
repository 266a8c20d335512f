# github: create_issue, list_issues, get_file_contents... Keyword arguments only. -> Any is the tool's JSON, else its text; a list if several items. Every call needs approval.
from typing import Any, Literal, NotRequired, TypedDict

class User(TypedDict):
    login: str
    id: int

class Label(TypedDict):
    name: str
    color: NotRequired[str]

class Issue(TypedDict):
    number: int
    title: str
    state: Literal["open", "closed"]
    user: User
    labels: list[Label]
    assignee: NotRequired[User | None]
    created_at: str

class ListIssuesResult(TypedDict):
    issues: list[Issue]

class File(TypedDict):
    type: Literal["file"]
    path: str
    size: int
    content: NotRequired[str]
    sha: str

class DirectoryEntry(TypedDict):
    type: Literal["file", "dir", "symlink", "submodule"]
    name: str
    path: str

class GetFileContentsResult(TypedDict):
    content: File | list[DirectoryEntry]

def create_issue(owner: str, repo: str, title: str, body: str = None, assignees: list[str] = None, labels: list[str] = None, milestone: float = None) -> Any:
    """Create a new issue in a GitHub repository."""

def list_issues(owner: str, repo: str, state: Literal["open", "closed", "all"] = "open", labels: list[str] = None, sort: Literal["created", "updated", "comments"] = None, direction: Literal["asc", "desc"] = None, since: str = None, page: float = None, perPage: float = None) -> ListIssuesResult:
    """List issues in a GitHub repository with filtering options."""

def get_file_contents(owner: str, repo: str, path: str, branch: str = None) -> GetFileContentsResult:
    """Get the contents of a file or directory from a GitHub repository."""

def merge_pull_request(owner: str, repo: str, pull_number: int, commit_title: str = None, commit_message: str = None, merge_method: Literal["merge", "squash", "rebase"] = "merge") -> Any:
    """Merge a pull request. Destructive."""

def search_repositories(query: str, page: float = None, perPage: float = None) -> Any:
    """Search for GitHub repositories."""
