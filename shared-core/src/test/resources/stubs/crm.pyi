# crm: customer records. Keyword arguments only. -> Any is the tool's JSON, else its text; a list if several items. Unmarked tools run without asking.
from typing import Any, Literal, TypedDict

class Customer(TypedDict):
    id: str
    name: str
    email: str
    tier: Literal["free", "pro", "enterprise"]

def lookup_customer(customer_id: str) -> Customer:
    """One customer by id."""

def search_customers(query: str, limit: int = 10) -> list[Customer]:
    """Customers whose name or email matches."""

def delete_customer(customer_id: str) -> Any:  # needs approval
    """Delete a customer and their data. Destructive."""
