"""The judged query set for the example knowledge base: what an engineer types, what must come back.

Alerts and ids are judged from the records themselves (every alert, exact and typed as words,
must find its runbook first; every id its record first). Service names, symptoms and
from-memory queries are written by hand: the words a person would use, not the titles.
"""

from __future__ import annotations

import re

# Each service's name as people say it -> the service page, in the top five.
SERVICE_QUERIES = {
    "catalog search": "catalog-search",
    "checkout": "checkout",
    "identity": "identity",
    "kafka platform": "kafka-platform",
    "notifications": "notifications",
    "order events": "order-events",
    "payments": "payments",
    "recommendations": "recommendations",
    "storefront": "storefront",
}

# A symptom per runbook, in an on-call engineer's words -> that runbook, in the top five.
SYMPTOM_QUERIES = {
    "price changes not reaching the search index": "catalog-search-index-lag",
    "search slow": "catalog-search-latency",
    "connection pool exhausted": "checkout-db-connection-pool-exhaustion",
    "checkout 5xx errors": "checkout-error-rate",
    "login failures": "identity-login-failures",
    "jwks fetch errors": "identity-token-signing-key-rotation",
    "kafka lag": "kafka-consumer-lag",
    "broker disk full": "kafka-under-replicated-partitions",
    "order confirmation emails late": "notifications-email-provider-degraded",
    "dead letter queue": "order-events-dead-letter-queue",
    "payment provider timeouts": "payments-psp-timeouts",
    "webhooks backing up": "payments-webhook-backlog",
    "cdn origin errors": "storefront-availability",
    "certificate expired": "tls-certificate-expiry",
}

# A review as someone remembers it months later -> the records they expect, in the top five.
MEMORY_QUERIES = {
    "valentines campaign emails delayed": ["INC-0001"],
    "db pool exhausted when payments were slow": ["INC-0002", "PRB-0001"],
    "mobile app certificate expired": ["INC-0003"],
    "black friday duplicate orders": ["INC-0004", "PRB-0003"],
    "customers logged out after key rotation": ["INC-0005"],
    "old prices in search": ["INC-0006"],
    "account takeover attack": ["INC-0007", "PRB-0006"],
    "products missing after opensearch migration": ["INC-0008"],
    "northpay card authorisations failing": ["INC-0009"],
    "kafka retention filled the disks": ["INC-0010"],
    "paid orders cancelled by webhook backlog": ["INC-0011"],
    "saved cards missing": ["INC-0012"],
}

_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def alert_as_words(alert: str) -> str:
    """`KafkaConsumerLagHigh` -> `kafka consumer lag high`: the alert typed from a pager message."""
    return " ".join(_CAMEL.findall(alert)).lower()
