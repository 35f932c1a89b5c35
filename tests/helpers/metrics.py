"""Reading /metrics: the scrape token, and one series' count of requests."""

from __future__ import annotations

TOKEN = "s3cret-scrape-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def count(text: str, route: str, method: str = "GET", status: str = "200") -> float:
    """The requests counted in one series (0 when the series is not there yet)."""
    for line in text.splitlines():
        if line.startswith("valkompass_http_request_duration_seconds_count{") and f'route="{route}"' in line \
                and f'method="{method}"' in line and f'status="{status}"' in line:
            return float(line.rsplit(" ", 1)[1])
    return 0.0
