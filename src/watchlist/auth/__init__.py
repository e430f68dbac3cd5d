"""Who may call the API: users with a role and a clearance, and their API keys."""

from watchlist.auth.keys import ApiKey, CreatedKey, Unauthenticated, authenticate, create_key
from watchlist.auth.roles import Role
from watchlist.auth.users import User, Users, active_keys

__all__ = [
    "ApiKey",
    "CreatedKey",
    "Role",
    "Unauthenticated",
    "User",
    "Users",
    "active_keys",
    "authenticate",
    "create_key",
]
