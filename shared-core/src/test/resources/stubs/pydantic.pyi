# tickets: support tickets (a Python FastMCP server). Keyword arguments only. -> Any is the tool's JSON, else its text; a list if several items. Every call needs approval.
from typing import Any, Literal, NotRequired, TypedDict

class Contact(TypedDict):
    email: str
    phone: NotRequired[str | None]

class Ticket(TypedDict):
    id: int
    status: Literal["open", "pending", "closed"]
    contact: NotRequired[Contact | None]

class Patch(TypedDict, total=False):
    subject: str
    assignee: str | None
    status: Literal["open", "pending", "closed"]

def create_ticket(customer_id: str, priority: Literal["low", "normal", "high"] = "normal", contact: Contact | None = None, tags: list[str] | None = None, due: str | None = None) -> Ticket:
    """Open a ticket for a customer."""

def update_ticket(ticket_id: int, patch: Patch) -> Any:
    """Change fields of a ticket; fields left out stay as they are."""
