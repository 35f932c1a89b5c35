"""The voter's path: start page, one statement per page, result."""
