#!/usr/bin/env python3
"""Deterministic synthetic knowledge base for skms benchmarks and tests.

    python benchmarks/corpus.py 10000 /tmp/kb            # about 10,000 records
    python benchmarks/corpus.py 100 /tmp/kb --seed 7 --clean

Every record follows the README's front-matter reference: valid ids and enums, timestamps in
order, every reference (front matter and body) resolving to a record of the right
kind, complete reviewed/closed reviews, alert names unique across all runbooks.
The same (n, seed) always gives byte-identical output: all randomness comes from
one ``random.Random(seed)`` and "today" is a fixed date, never the clock.
Standard library only, so benchmarks can run before the package is installed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

DEFAULT_SEED = 42

# Share of each kind in the corpus; at least one record of every kind is written.
SHARES = {
    "service": 0.02,
    "runbook": 0.15,
    "problem": 0.10,
    "review": 0.55,
    "readiness": 0.03,
    "article": 0.15,
}

FOLDERS = {
    "review": "reviews",
    "runbook": "runbooks",
    "service": "knowledge/services",
    "problem": "knowledge/problems",
    "readiness": "knowledge/readiness",
    "article": "knowledge/articles",
}

MKDOCS_YML = """\
site_name: Synthetic SKMS
theme:
  name: material
  font: false
plugins:
  - search
  - skms
"""

INDEX_MD = """\
# Synthetic SKMS

A synthetic knowledge base written by `benchmarks/corpus.py` for benchmarks and tests.
Post-incident reviews, problems, runbooks, services, release-readiness reviews and
knowledge articles are generated from the folders next to this `docs/` folder.
"""

# The corpus covers four years up to a fixed "today", so output never depends on the clock.
# `skms check` measures overdue action items and runbook reviews against $SKMS_TODAY or the
# clock: with SKMS_TODAY set to TODAY the corpus is clean forever, and without it for
# GRACE_DAYS after TODAY, because nothing open falls due and no runbook review is due sooner.
EPOCH = datetime(2022, 11, 22, tzinfo=timezone.utc)
TODAY = datetime(2026, 11, 23, tzinfo=timezone.utc)
GRACE_DAYS = 30
SPAN_MINUTES = int((TODAY - EPOCH).total_seconds() // 60)


# --------------------------------------------------------------------------- vocabulary

DOMAINS = """
    checkout payments cart catalog search inventory orders shipping billing invoicing
    pricing promotions identity accounts profile notifications email sms recommendations
    media ledger fraud tax returns loyalty subscriptions ingest analytics reporting
    warehouse fulfilment routing geo scheduler kafka redis postgres elasticsearch vault
    dns ingress mesh registry logging metrics tracing flags config storage backup webhooks
    partners support chat documents exports imports audit consent wishlist
""".split()
SUFFIXES = ["api", "worker", "web", "gateway", "db", "cache", "consumer", "sync", "jobs", "edge"]

TEAMS = """
    storefront payments-core platform-sre data-platform identity growth fulfilment
    search-relevance messaging infra-networking developer-experience risk-and-fraud
    finance-systems customer-care-tools mobile-backend observability database-reliability
    security-engineering partner-integrations merchandising
""".split()

FIRST_NAMES = """
    Priya Tomasz Amara Lucas Mei Oluwaseun Sofia Jonas Aisha Mateo Hannah Kenji Fatima
    Liam Ingrid Ravi Chloe Dmitri Leila Noah Grace Arjun Elena Kwame Yuki Marta Samir
    Freya Diego Anya Callum Nadia Tobias Zainab Henrik Lucia Omar Isla Pavel Rosa
""".split()
LAST_NAMES = """
    Natarajan Kowalski Okafor Moreau Chen Adeyemi Rossi Berg Khan Fernandez Schmidt Tanaka
    Haddad Murphy Lindqvist Iyer Dubois Volkov Rahimi Walsh Mensah Sato Novak Costa Hughes
    Nielsen Patel Ivanova Santos Brennan Yilmaz Kaur Fischer Abubakar Larsen Romero
    Takahashi Whitfield Osei Marino
""".split()


@dataclass(frozen=True)
class Symptom:
    slug: str
    title: str  # runbook title fragment
    phrase: str  # review title fragment: "<Service> <phrase>"
    alerts: tuple[str, ...]
    meaning: str
    diagnosis: tuple[str, ...]  # shell lines
    mitigation: tuple[str, ...]
    tags: tuple[str, ...]


SYMPTOMS = [
    Symptom(
        "high-latency",
        "high request latency",
        "responded slowly",
        ("LatencyHigh", "P99LatencyHigh", "LatencyBudgetBurn"),
        "The 99th percentile latency of {svc} has been above its SLO threshold of {ms} ms for "
        "more than ten minutes. Callers start timing out and retrying, which adds load.",
        (
            "kubectl -n {ns} top pods -l app={svc}",
            "kubectl -n {ns} logs deploy/{svc} --since=15m | grep -c 'slow request'",
            "curl -s http://{svc}.{ns}.svc:9090/metrics | grep http_request_duration_seconds_bucket",
        ),
        (
            "kubectl -n {ns} scale deploy/{svc} --replicas={replicas}",
            "kubectl -n {ns} rollout undo deploy/{svc}",
        ),
        ("latency", "performance"),
    ),
    Symptom(
        "error-rate",
        "elevated 5xx error rate",
        "returned errors",
        ("ErrorRateHigh", "ServerErrorsHigh"),
        "More than {pct}% of requests to {svc} are failing with 5xx responses. Customers see "
        "error pages or failed requests, and clients may be retrying aggressively.",
        (
            "kubectl -n {ns} get pods -l app={svc} -o wide",
            "kubectl -n {ns} logs deploy/{svc} --since=10m | grep -E 'level=(error|fatal)' | tail -50",
            "kubectl -n {ns} rollout history deploy/{svc}",
        ),
        (
            "kubectl -n {ns} rollout undo deploy/{svc}",
            "kubectl -n {ns} rollout status deploy/{svc} --timeout=5m",
        ),
        ("errors", "availability"),
    ),
    Symptom(
        "consumer-lag",
        "Kafka consumer lag",
        "fell behind on its event stream",
        ("ConsumerLagHigh", "ConsumerLagGrowing"),
        "The {svc} consumer group is more than {count} messages behind the head of its topic "
        "and the lag is still growing. Downstream views are stale until it catches up.",
        (
            "kafka-consumer-groups --bootstrap-server kafka:9092 --describe --group {svc}",
            "kubectl -n {ns} logs deploy/{svc} --since=15m | grep -i rebalanc",
            "kubectl -n {ns} get hpa {svc}",
        ),
        (
            "kubectl -n {ns} scale deploy/{svc} --replicas={replicas}",
            "kafka-consumer-groups --bootstrap-server kafka:9092 --group {svc} --reset-offsets "
            "--to-latest --topic {svc}-events --dry-run",
        ),
        ("kafka", "lag"),
    ),
    Symptom(
        "disk-full",
        "disk space running out",
        "ran out of disk space",
        ("DiskSpaceLow", "DiskWillFillSoon"),
        "A volume used by {svc} is more than {pct}% full, or is predicted to fill within four "
        "hours at the current rate. Writes will fail once it is full.",
        (
            "kubectl -n {ns} exec deploy/{svc} -- df -h",
            "kubectl -n {ns} exec deploy/{svc} -- du -sh /var/lib/{svc}/* | sort -h | tail",
            "kubectl -n {ns} get pvc -l app={svc}",
        ),
        (
            "kubectl -n {ns} exec deploy/{svc} -- find /var/lib/{svc}/tmp -mtime +2 -delete",
            'kubectl -n {ns} patch pvc data-{svc}-0 -p \'{{"spec":{{"resources":{{"requests":'
            '{{"storage":"{gb}Gi"}}}}}}}}\'',
        ),
        ("storage", "capacity"),
    ),
    Symptom(
        "pod-crashloop",
        "pods crash looping",
        "kept restarting",
        ("PodCrashLooping", "PodRestartsHigh"),
        "One or more {svc} pods restarted more than {count} times in the last fifteen minutes. "
        "Capacity is reduced and in-flight requests are dropped on every restart.",
        (
            "kubectl -n {ns} get pods -l app={svc}",
            "kubectl -n {ns} describe pod -l app={svc} | grep -A5 'Last State'",
            "kubectl -n {ns} logs -l app={svc} --previous --tail=100",
        ),
        (
            "kubectl -n {ns} rollout undo deploy/{svc}",
            "kubectl -n {ns} delete pod -l app={svc} --field-selector=status.phase=Failed",
        ),
        ("kubernetes", "availability"),
    ),
    Symptom(
        "memory-pressure",
        "memory pressure and OOM kills",
        "was killed for running out of memory",
        ("MemoryUsageHigh", "OomKills"),
        "Containers of {svc} are using more than {pct}% of their memory limit or have been "
        "OOM-killed. Garbage collection pauses grow before the kill and latency suffers.",
        (
            "kubectl -n {ns} top pods -l app={svc} --containers",
            "kubectl -n {ns} get events --field-selector reason=OOMKilling",
            "kubectl -n {ns} exec deploy/{svc} -- jcmd 1 GC.heap_info",
        ),
        (
            "kubectl -n {ns} set resources deploy/{svc} --limits=memory={gb}Gi",
            "kubectl -n {ns} rollout restart deploy/{svc}",
        ),
        ("memory", "capacity"),
    ),
    Symptom(
        "cpu-saturation",
        "CPU saturation",
        "saturated its CPU",
        ("CpuSaturated", "CpuThrottlingHigh"),
        "{svc} pods are using more than {pct}% of their CPU limit or are being throttled. "
        "Request queues grow and latency rises for every caller.",
        (
            "kubectl -n {ns} top pods -l app={svc}",
            "kubectl -n {ns} get hpa {svc} -o yaml | grep -A3 currentMetrics",
            "curl -s http://{svc}.{ns}.svc:9090/debug/pprof/profile?seconds=30 > /tmp/cpu.pprof",
        ),
        (
            "kubectl -n {ns} scale deploy/{svc} --replicas={replicas}",
            "kubectl -n {ns} set resources deploy/{svc} --limits=cpu={cores}",
        ),
        ("cpu", "capacity"),
    ),
    Symptom(
        "certificate-expiry",
        "TLS certificate expiry",
        "served an expired certificate",
        ("CertificateExpiringSoon", "CertificateExpired"),
        "A TLS certificate served by {svc} expires within {days} days, or has expired. Clients "
        "that validate certificates refuse to connect once it does.",
        (
            "echo | openssl s_client -connect {svc}.acme.example:443 2>/dev/null | openssl x509 -noout -dates",
            "kubectl -n {ns} get certificate {svc}-tls -o wide",
            "kubectl -n cert-manager logs deploy/cert-manager --since=1h | grep {svc}",
        ),
        ("kubectl -n {ns} delete secret {svc}-tls", "cmctl renew {svc}-tls -n {ns}"),
        ("tls", "security"),
    ),
    Symptom(
        "db-connection-pool",
        "database connection pool exhaustion",
        "exhausted its database connections",
        ("DbPoolExhausted", "DbConnectionsHigh"),
        "All connections in the {svc} database pool are in use and requests wait for a free "
        "one. Waits above {ms} ms surface as timeouts to callers.",
        (
            'psql -h {svc}-db -U readonly -c "select state, count(*) from pg_stat_activity group by 1"',
            'psql -h {svc}-db -U readonly -c "select pid, now() - query_start as age, left(query, 80) '
            "from pg_stat_activity where state <> 'idle' order by age desc limit 10\"",
            "kubectl -n {ns} logs deploy/{svc} --since=10m | grep -i 'pool timeout'",
        ),
        (
            'psql -h {svc}-db -U admin -c "select pg_terminate_backend(pid) from pg_stat_activity '
            "where state = 'idle in transaction' and now() - state_change > interval '5 minutes'\"",
            "kubectl -n {ns} rollout restart deploy/{svc}",
        ),
        ("database", "postgres"),
    ),
    Symptom(
        "replication-lag",
        "replica replication lag",
        "served stale reads from a lagging replica",
        ("ReplicationLagHigh", "ReplicaDown"),
        "A read replica of {svc} is more than {secs} seconds behind the primary, or has stopped "
        "replicating. Reads routed to it return stale data.",
        (
            'psql -h {svc}-db-replica -U readonly -c "select now() - pg_last_xact_replay_timestamp()"',
            'psql -h {svc}-db -U readonly -c "select client_addr, state, replay_lag from pg_stat_replication"',
            "kubectl -n {ns} get pods -l app={svc}-db",
        ),
        (
            "kubectl -n {ns} label pod {svc}-db-1 traffic=drain --overwrite",
            "kubectl -n {ns} delete pod {svc}-db-1",
        ),
        ("database", "replication"),
    ),
    Symptom(
        "queue-backlog",
        "queue backlog",
        "built up a large queue backlog",
        ("QueueBacklogHigh", "QueueOldestMessageOld"),
        "The {svc} work queue holds more than {count} messages or its oldest message is older "
        "than {mins} minutes. Work is processed late and may breach its SLO.",
        (
            "rabbitmqctl list_queues name messages consumers | grep {svc}",
            "kubectl -n {ns} get pods -l app={svc} -o wide",
            "kubectl -n {ns} logs deploy/{svc} --since=15m | grep -c 'nack'",
        ),
        (
            "kubectl -n {ns} scale deploy/{svc} --replicas={replicas}",
            "rabbitmqctl purge_queue {svc}-dead-letter",
        ),
        ("queues", "throughput"),
    ),
    Symptom(
        "dependency-timeouts",
        "upstream dependency timeouts",
        "timed out calling a dependency",
        ("UpstreamTimeoutsHigh", "CircuitBreakerOpen"),
        "Calls from {svc} to one of its dependencies time out more than {pct}% of the time, or "
        "a circuit breaker has opened. Features that need the dependency degrade.",
        (
            "kubectl -n {ns} logs deploy/{svc} --since=10m | grep -E 'timeout|circuit' | tail -50",
            "curl -s http://{svc}.{ns}.svc:9090/metrics | grep circuit_breaker_state",
            "istioctl proxy-config cluster deploy/{svc} -n {ns} | grep outlier",
        ),
        (
            "kubectl -n {ns} set env deploy/{svc} UPSTREAM_TIMEOUT_MS={ms}",
            "kubectl -n {ns} rollout restart deploy/{svc}",
        ),
        ("dependencies", "timeouts"),
    ),
    Symptom(
        "cache-hit-ratio",
        "low cache hit ratio",
        "overloaded its backend after a cache miss storm",
        ("CacheHitRatioLow", "CacheEvictionsHigh"),
        "The cache in front of {svc} serves fewer than {pct}% of reads from cache. The backend "
        "takes the difference and may not have the capacity for it.",
        (
            "redis-cli -h {svc}-cache info stats | grep -E 'keyspace_(hits|misses)|evicted_keys'",
            "redis-cli -h {svc}-cache info memory | grep used_memory_human",
            "kubectl -n {ns} logs deploy/{svc} --since=10m | grep -c 'cache miss'",
        ),
        (
            "redis-cli -h {svc}-cache config set maxmemory {gb}gb",
            "kubectl -n {ns} set env deploy/{svc} CACHE_TTL_SECONDS=900",
        ),
        ("cache", "redis"),
    ),
    Symptom(
        "job-failures",
        "scheduled job failures",
        "skipped its scheduled jobs",
        ("JobFailuresHigh", "CronJobMissed"),
        "A scheduled job of {svc} failed {count} times in a row or did not run in its window. "
        "Data it produces is missing or late for downstream consumers.",
        (
            "kubectl -n {ns} get cronjobs,jobs -l app={svc}",
            "kubectl -n {ns} logs job/$(kubectl -n {ns} get jobs -l app={svc} -o name | tail -1 | cut -d/ -f2)",
            "kubectl -n {ns} get events --field-selector involvedObject.kind=Job",
        ),
        (
            "kubectl -n {ns} create job --from=cronjob/{svc}-nightly {svc}-manual-run",
            'kubectl -n {ns} patch cronjob {svc}-nightly -p \'{{"spec":{{"suspend":false}}}}\'',
        ),
        ("batch", "jobs"),
    ),
    Symptom(
        "slo-burn",
        "error budget burn",
        "burned through its error budget",
        ("ErrorBudgetBurnFast", "ErrorBudgetBurnSlow"),
        "{svc} is consuming its 28-day error budget {count} times faster than sustainable. At "
        "this rate the budget is gone within {days} days.",
        (
            "curl -s 'http://prometheus:9090/api/v1/query?query=slo:error_budget_remaining{{service=\"{svc}\"}}'",
            "kubectl -n {ns} rollout history deploy/{svc}",
            "kubectl -n {ns} logs deploy/{svc} --since=30m | grep -E 'status=5[0-9][0-9]' | tail -20",
        ),
        (
            "kubectl -n {ns} rollout undo deploy/{svc}",
            "kubectl -n {ns} annotate deploy/{svc} deploy.acme.example/freeze=true --overwrite",
        ),
        ("slo", "availability"),
    ),
    Symptom(
        "dns-resolution",
        "DNS resolution failures",
        "could not resolve its dependencies",
        ("DnsFailuresHigh", "DnsLatencyHigh"),
        "More than {pct}% of DNS lookups from {svc} fail or take longer than {ms} ms. Every "
        "outbound call that needs a fresh lookup is affected.",
        (
            "kubectl -n {ns} exec deploy/{svc} -- nslookup kubernetes.default",
            "kubectl -n kube-system logs -l k8s-app=kube-dns --since=10m | grep -i error",
            "kubectl -n kube-system top pods -l k8s-app=kube-dns",
        ),
        (
            "kubectl -n kube-system scale deploy/coredns --replicas={replicas}",
            "kubectl -n kube-system rollout restart ds/node-local-dns",
        ),
        ("dns", "network"),
    ),
    Symptom(
        "rate-limiting",
        "requests rate limited",
        "rate limited legitimate traffic",
        ("RateLimitedRequestsHigh", "ThrottlingHigh"),
        "More than {pct}% of requests to {svc} are rejected with HTTP 429. Either a client is "
        "misbehaving or the limits are too tight for current traffic.",
        (
            "kubectl -n {ns} logs deploy/{svc} --since=10m | grep ' 429 ' | awk '{{print $5}}' | sort | uniq -c | sort -rn | head",
            "kubectl -n {ns} get configmap {svc}-ratelimits -o yaml",
            "curl -s http://{svc}.{ns}.svc:9090/metrics | grep ratelimit_rejected_total",
        ),
        (
            "kubectl -n {ns} edit configmap {svc}-ratelimits",
            "kubectl -n {ns} rollout restart deploy/{svc}",
        ),
        ("rate-limits", "traffic"),
    ),
    Symptom(
        "rollout-stuck",
        "stuck deployment rollout",
        "was left half deployed",
        ("RolloutStuck", "DeploymentReplicasMismatch"),
        "A rollout of {svc} has not progressed for {mins} minutes, so old and new versions "
        "serve traffic side by side and capacity is below the desired replica count.",
        (
            "kubectl -n {ns} rollout status deploy/{svc} --timeout=10s",
            "kubectl -n {ns} get rs -l app={svc}",
            "kubectl -n {ns} describe deploy/{svc} | grep -A10 Conditions",
        ),
        (
            "kubectl -n {ns} rollout undo deploy/{svc}",
            "kubectl -n {ns} rollout restart deploy/{svc}",
        ),
        ("deploys", "kubernetes"),
    ),
    Symptom(
        "synthetic-check",
        "failing synthetic checks",
        "failed its synthetic checks",
        ("SyntheticCheckFailing", "ProbeDown"),
        "The synthetic journey for {svc} failed from {count} or more probe locations. Real "
        "users following the same journey are probably failing too.",
        (
            "curl -sv https://{svc}.acme.example/healthz",
            "kubectl -n monitoring logs deploy/blackbox-exporter --since=15m | grep {svc}",
            "kubectl -n {ns} get ingress {svc} -o wide",
        ),
        (
            "kubectl -n {ns} rollout undo deploy/{svc}",
            "kubectl -n ingress-nginx rollout restart deploy/ingress-nginx-controller",
        ),
        ("synthetics", "availability"),
    ),
    Symptom(
        "backup-failure",
        "backup failures",
        "missed its backups",
        ("BackupFailed", "BackupTooOld"),
        "The last successful backup of {svc} is older than {hours} hours. A restore now would "
        "lose everything written since then.",
        (
            "kubectl -n {ns} get backups.velero.io -l app={svc} --sort-by=.status.startTimestamp",
            "kubectl -n velero logs deploy/velero --since=6h | grep {svc}",
            "aws s3 ls s3://acme-backups/{svc}/ | tail -5",
        ),
        (
            "velero backup create {svc}-manual --include-namespaces {ns} --selector app={svc}",
            "velero backup describe {svc}-manual --details",
        ),
        ("backup", "data"),
    ),
    Symptom(
        "traffic-drop",
        "sudden traffic drop",
        "stopped receiving traffic",
        ("TrafficDropped", "RequestRateLow"),
        "Requests reaching {svc} dropped by more than {pct}% against the same time last week. "
        "Traffic is being lost before it reaches the service.",
        (
            "kubectl -n {ns} get endpoints {svc}",
            "kubectl -n ingress-nginx logs deploy/ingress-nginx-controller --since=10m | grep {svc} | tail -20",
            "dig +short {svc}.acme.example",
        ),
        (
            "kubectl -n {ns} rollout undo deploy/{svc}",
            "kubectl -n ingress-nginx rollout undo deploy/ingress-nginx-controller",
        ),
        ("traffic", "network"),
    ),
    Symptom(
        "instance-down",
        "instances down",
        "lost most of its instances",
        ("InstanceDown", "TargetMissing"),
        "Prometheus cannot scrape {count} or more {svc} targets. They are down, unreachable, "
        "or no longer registered in service discovery.",
        (
            "kubectl -n {ns} get pods -l app={svc} -o wide",
            "kubectl get nodes -o wide | grep -v ' Ready '",
            "curl -s http://prometheus:9090/api/v1/targets | jq '.data.activeTargets[] | select(.labels.job==\"{svc}\") | .health'",
        ),
        (
            "kubectl cordon $(kubectl get nodes | awk '/NotReady/{{print $1}}')",
            "kubectl -n {ns} rollout restart deploy/{svc}",
        ),
        ("availability", "infrastructure"),
    ),
]

CAUSES = [
    ("a configuration change", "config"),
    ("a deploy of a new version", "deploy"),
    ("a database migration", "database"),
    ("a traffic spike", "capacity"),
    ("a third-party outage", "third-party"),
    ("an expired credential", "security"),
    ("a feature flag rollout", "feature-flags"),
    ("a node pool upgrade", "infrastructure"),
    ("a dependency upgrade", "dependencies"),
    ("a network partition", "network"),
]

CONTRIBUTING_FACTORS = [
    "The change passed review and CI, but the test suite never exercises {svc} with production-sized data, so the slow path only appeared under real load.",
    "The {alert} alert threshold was tuned two years ago for a fraction of today's traffic and fired {detect_min} minutes later than it should have.",
    "A retry policy in {dep} retried every failed call three times with no jitter, which tripled the load on {svc} exactly when it had the least headroom.",
    "The rollout went to all regions at once because the canary stage for {svc} had been disabled during an earlier migration and never re-enabled.",
    "Connection pool limits in {svc} were set per pod, not per database, so scaling out the deployment pushed the database past its connection limit.",
    "The runbook described a dashboard that had been renamed, and the on-call engineer spent several minutes finding the right one.",
    "{dep} had no timeout on its calls to {svc}; threads piled up waiting and the failure spread to callers that were otherwise healthy.",
    "The feature flag defaulted to on for every tenant when the flag service could not be reached, instead of failing closed.",
    "Ownership of the {svc} cron jobs had moved between teams and nobody received the failure notifications for the previous two weeks.",
    "The capacity plan assumed peak traffic at 18:00 UTC, but a marketing campaign moved the peak three hours earlier without notice to the platform teams.",
    "Logs were sampled at 1% for {svc}, so the first error messages that would have explained the failure were not retained.",
    "The database migration took an exclusive lock on a large table; it ran fine in staging, where the table holds a few thousand rows.",
    "Alerts for {dep} and {svc} fired in different channels, so two responders investigated the same incident separately for the first twenty minutes.",
    "A certificate renewal job had been failing silently because its own failure alert routed to a team that no longer exists.",
    "Autoscaling for {svc} reacts to CPU only, while the bottleneck was memory; the deployment stayed at its minimum size throughout.",
    "The rollback procedure required a manual step that only two people knew about, and neither was on call.",
    "A cache flush during the deploy sent every read to the backend at once, with no request coalescing in front of it.",
    "The vendor status page showed all systems operational for the first forty minutes, which delayed the decision to fail over.",
]

WENT_WELL = [
    "The {alert} alert fired within minutes and paged the right team directly.",
    "The incident channel was opened immediately and an incident commander took over within {ack_min} minutes, which kept the investigation focused.",
    "The rollback of {svc} took less than five minutes once the decision was made.",
    "Status page updates went out every thirty minutes, and support had a customer-facing summary early on.",
    "The runbook's diagnosis section pointed straight at the failing component.",
    "Responders from {dep} joined quickly and shared their own dashboards, which ruled out a whole class of causes.",
    "Feature flags let us switch off the affected path for most customers without a deploy.",
    "Tracing showed the slow span in {svc} within the first few minutes of looking.",
    "Handover between the two time zones was written down in the channel, so nothing was lost overnight.",
    "The change that caused the failure was small and clearly described, which made it easy to spot in the deploy log.",
]

DIFFICULT = [
    "The dashboards for {svc} aggregate across regions, which hid that only one region was affected.",
    "It was not obvious who owned {dep}, and finding an engineer who could change it took longer than the fix itself.",
    "Several alerts fired at once, and it took time to work out which one was the cause and which were symptoms.",
    "The staging environment does not have the same data volume, so we could not reproduce the failure there.",
    "Error messages from {svc} were generic and did not say which dependency had failed.",
    "Access to the production database needed an approval from someone who was asleep, which delayed diagnosis.",
    "The incident happened during a deploy freeze exception, and the rules for rolling back during a freeze were unclear.",
    "Customer reports arrived through three different channels, so the support team could not tell how many customers were affected.",
    "The timeline had to be reconstructed from chat history because nobody was taking notes during the first hour.",
    "The fix needed a configuration change in a repository that only the {team} team can merge into.",
]

LESSONS = [
    "Alerting on symptoms that customers feel, not on causes, would have shortened detection. We will move the remaining cause-based alerts for {svc} to SLO burn-rate alerts.",
    "Defaults matter most when things fail. Every client of {svc} should have a timeout, a retry budget and a fallback, and the defaults in our shared HTTP library should enforce that.",
    "Runbooks age quietly. Reviewing them on a schedule, and after every incident that uses them, keeps them trustworthy when it matters.",
    "A canary stage only protects us if it cannot be skipped silently. Disabling it should need the same review as any other production change.",
    "Capacity planning is a conversation with the rest of the business, not a spreadsheet. Campaign calendars now feed the capacity review for {svc}.",
    "Incidents that look new are often old problems with a new trigger. Linking reviews to problems made the pattern visible here, and should be routine.",
    "The rollback path deserves as much testing as the deploy path. We will run a rollback drill for {svc} every quarter.",
    "Ownership must be explicit down to the cron job. Anything that can page must have a team that reads the page.",
]

IMPACT_LINES = [
    "{pct}% of requests to {svc} failed during the worst {worst} minutes.",
    "About {customers} customers saw errors or could not complete their task.",
    "Support received {tickets} tickets and {chats} chat conversations about the incident.",
    "{orders} orders were delayed and processed after recovery; none were lost.",
    "The {svc} SLO burned {budget}% of its 28-day error budget.",
    "Requests to {dep} that depend on {svc} degraded, with p99 latency up to {secs} seconds.",
    "No data was lost, and no customer data was exposed.",
]

TIMELINE_STEPS = [
    "Responders check recent deploys of {svc} and find one {mins} minutes before the first errors.",
    "The incident commander declares the incident and opens the incident channel.",
    "Dashboards show the errors are limited to {svc}; {dep} looks healthy.",
    "An engineer from {team} joins and confirms the change in the deploy log.",
    "Traces point at slow calls from {svc} to its database.",
    "A first status page update goes out to customers.",
    "Responders scale {svc} out to {replicas} replicas; errors drop but do not stop.",
    "The team decides to roll back rather than fix forward.",
    "Support is briefed and starts answering tickets with the status page text.",
    "Metrics for {dep} return to normal.",
    "The on-call engineer follows the runbook and restarts the failing pods.",
    "The vendor confirms an issue on their side and shares an estimate.",
]

SUMMARY_OPENERS = [
    "On {day}, {svc} {phrase} for {dur} after {cause}. {sev} was declared because {reason}.",
    "For {dur} on {day}, {svc} {phrase}. The trigger was {cause}; the incident was handled as {sev} because {reason}.",
    "Starting at {hhmm} UTC on {day}, {svc} {phrase}. The trigger was {cause}, and it took {dur} to restore normal service. We rated it {sev} because {reason}.",
]
SEV_REASONS = {
    "SEV1": "customers across every region could not complete purchases",
    "SEV2": "a core customer journey was unavailable for a large share of users",
    "SEV3": "a customer-facing feature was degraded for a subset of users",
    "SEV4": "the impact was limited to internal users and delayed background work",
    "SEV5": "there was no customer impact, but the near miss deserved a look",
}

ARTICLE_TITLES = [
    "How to request access to production databases",
    "On-call handbook for the {team} team",
    "Understanding error budgets for {svc}",
    "Postgres vacuum and bloat: what we learned",
    "Writing alerts that page for the right reasons",
    "Kafka consumer groups explained for on-call engineers",
    "Rolling back a deploy safely",
    "How {svc} talks to {dep}",
    "Running a blameless post-incident review",
    "Capacity planning checklist before peak season",
    "Using feature flags during incidents",
    "Reading a flame graph in ten minutes",
    "Certificate management with cert-manager",
    "Timeouts, retries and backoff in our HTTP client",
    "Incident roles: commander, scribe and communications",
    "Known quirks of the {svc} cache",
    "Data retention and backup policy for {svc}",
    "Getting started with tracing",
    "How releases reach production",
    "Handling customer-reported incidents",
]

ARTICLE_PARAGRAPHS = [
    "This article collects what the {team} team has learned running {svc} in production. It is written for engineers who are new to the service or who are on call for it for the first time.",
    "Most of the time {svc} needs no attention. When it does, the cause is usually one of a small number of things, and knowing them saves a lot of time in the middle of the night.",
    "Start with the dashboards, not the logs. The service dashboard shows request rate, errors and duration for every endpoint, and the saturation panels show which resource runs out first.",
    "Every change to production goes through a pull request, CI and a staged rollout. The rollout pauses at each stage for ten minutes and rolls back automatically if the error rate rises.",
    "Timeouts should be set from the caller's budget, not the callee's typical latency. A caller that has two seconds to answer cannot wait two seconds for each of three dependencies.",
    "Retries multiply load. A retry budget of ten percent of requests, with exponential backoff and jitter, is the default in the shared client library, and changing it needs a review from the platform team.",
    "Error budgets make the trade-off between reliability and speed explicit. When a service has spent its budget, the team spends its next sprint on reliability work instead of features.",
    "Access to production is granted for a task and expires after eight hours. Requests go through the access portal, and an approver from the owning team must confirm them.",
    "When in doubt, roll back. Rolling back a deploy is almost always faster and safer than diagnosing and fixing forward under pressure, and the fix can follow in daylight.",
    "Write down what you see while you investigate, with times. The notes become the timeline of the review, and they help the next responder pick up where you left off.",
    "Alerts must be actionable: if nobody needs to do anything when an alert fires, it should be a dashboard panel instead. Every paging alert links to a runbook.",
    "Backups are only as good as the last restore test. The restore drill runs monthly against a copy of production and reports how long a full restore takes.",
]

ARTICLE_HEADINGS = [
    "Background",
    "How it works",
    "Common problems",
    "What to check first",
    "Further reading",
    "Why this matters",
    "Step by step",
    "Pitfalls",
    "Examples",
    "Questions and answers",
]

PROBLEM_TITLES = [
    "{svc} {phrase} under sustained load",
    "Recurring {title} in {svc}",
    "{svc} {phrase} after deploys",
    "Intermittent {title} on {svc} during peak traffic",
    "{svc} {phrase} when {dep} is slow",
]

ROOT_CAUSES = [
    "The connection pool in {svc} is sized per pod, so scaling out exceeds the database connection limit.",
    "A missing index on the largest table makes one query degrade linearly with data volume.",
    "The client library retries without jitter, creating synchronized retry storms after any blip in {dep}.",
    "Cache keys include a timestamp, so every deploy invalidates the whole cache at once.",
    "The health check only tests the process, not its dependencies, so broken pods stay in rotation.",
    "A memory leak in the request decoder grows with payload size and is only visible after days of uptime.",
    "The batch job holds a table lock for the whole run instead of per batch.",
    "Autoscaling uses CPU, while the service saturates on I/O first.",
]

WORKAROUNDS = [
    "Restart the affected pods one at a time; the problem does not recur for several days.",
    "Scale {svc} out by 50% ahead of known peaks.",
    "Switch reads to the primary database until the replica catches up.",
    "Disable the feature flag for the affected path; customers fall back to the previous behaviour.",
    "Run the batch job outside business hours.",
    "Lower the retry count in {dep} to one while the incident lasts.",
]

READINESS_RISKS = [
    "Data migration of the largest tenants may take longer than the change window.",
    "{dep} must deploy its compatible client first; a late deploy blocks the release.",
    "Load testing covered 2x current peak but not the seasonal peak.",
    "Support staff in the APAC region have not yet been trained.",
    "The rollback requires restoring a schema snapshot and takes about thirty minutes.",
    "A third-party payment provider changes its API in the same month.",
    "New alerts have not yet been exercised by a game day.",
]

CHECKLIST_SECTIONS = [
    "communications",
    "security_compliance",
    "incident_management",
    "service_supplier",
    "stakeholder_awareness",
]
CHECKLIST_NOTES = {
    "communications": "Release notes drafted; customer email scheduled with the marketing team.",
    "security_compliance": "Threat model reviewed; penetration test findings triaged.",
    "incident_management": "Runbooks updated and on-call rota briefed on the new alerts.",
    "service_supplier": "Supplier contracts cover the new traffic volumes.",
    "stakeholder_awareness": "Service desk, account managers and finance briefed.",
}

SERVICE_BLURBS = [
    "{svc} is the {role} for the {domain} domain. It is owned by the {team} team and runs in three regions behind the shared ingress.",
    "{svc} provides {domain} capabilities to the rest of the platform. Other services call it over HTTP and consume its events from Kafka.",
    "{svc} handles {domain} workloads for customers and internal tools alike. It stores its state in its own database and publishes changes as events.",
]
ROLES = {
    "": "main service",
    "api": "public API",
    "worker": "background worker",
    "web": "web frontend",
    "gateway": "edge gateway",
    "db": "database cluster",
    "cache": "cache tier",
    "consumer": "event consumer",
    "sync": "synchronisation service",
    "jobs": "scheduled job runner",
    "edge": "edge proxy",
}

RESERVED_WORDS = {"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"}
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_./()'%-]*(?: [A-Za-z0-9_./()'%-]+)*")


# --------------------------------------------------------------------------- records


@dataclass
class Service:
    id: str
    domain: str
    suffix: str
    team: str
    tier: str
    depends_on: list[str] = field(default_factory=list)
    runbooks: list[Runbook] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # in order of opening
    problems_opened: list[int] = field(default_factory=list)  # their opening minutes, for bisect
    releases: list[tuple[int, str]] = field(default_factory=list)  # (go-live minute, RDY id)


@dataclass
class Runbook:
    id: str
    service: Service
    symptom: Symptom
    alerts: list[str]


@dataclass
class Problem:
    id: str
    service: Service
    symptom: Symptom
    opened: int  # minutes since EPOCH
    status: str = "open"
    resolved: int | None = None  # minutes since EPOCH, for resolved and closed problems
    incidents: list[str] = field(default_factory=list)


@dataclass
class Readiness:
    id: str
    services: list[Service]
    go_live: int


# --------------------------------------------------------------------------- helpers


def plan_counts(n: int) -> dict[str, int]:
    """Records per kind for about ``n`` records (largest remainder, at least one each)."""
    raw = {kind: n * share for kind, share in SHARES.items()}
    counts = {kind: int(value) for kind, value in raw.items()}
    spare = n - sum(counts.values())
    for kind in sorted(raw, key=lambda k: (counts[k] - raw[k], k))[: max(spare, 0)]:
        counts[kind] += 1
    return {kind: max(1, count) for kind, count in counts.items()}


def scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in RESERVED_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def emit_yaml(data: dict, indent: int = 0, out: list[str] | None = None) -> list[str]:
    """Front matter the way a person writes it: block mappings, flow lists of short scalars."""
    out = [] if out is None else out
    pad = " " * indent
    for key, value in data.items():
        if isinstance(value, dict):
            out.append(f"{pad}{key}:")
            emit_yaml(value, indent + 2, out)
        elif isinstance(value, list):
            if not value:
                out.append(f"{pad}{key}: []")
            elif isinstance(value[0], dict):
                out.append(f"{pad}{key}:")
                for item in value:
                    lines = emit_yaml(item, indent + 4)
                    lines[0] = f"{pad}  - {lines[0].lstrip()}"
                    out.extend(lines)
            else:
                flow = "[" + ", ".join(scalar(v) for v in value) + "]"
                if len(flow) + len(pad) + len(key) < 96:
                    out.append(f"{pad}{key}: {flow}")
                else:
                    out.append(f"{pad}{key}:")
                    out.extend(f"{pad}  - {scalar(v)}" for v in value)
        else:
            out.append(f"{pad}{key}: {scalar(value)}")
    return out


def document(front: dict, body: str) -> str:
    return "---\n" + "\n".join(emit_yaml(front)) + "\n---\n\n" + body.rstrip() + "\n"


def at(minute: int) -> datetime:
    return EPOCH + timedelta(minutes=minute)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_day(moment: datetime) -> str:
    """'Tuesday 4 March 2025', spelled out here because strftime names follow the locale."""
    return f"{WEEKDAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def day_of(minute: int) -> date:
    return at(minute).date()


def camel(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-"))


def human(slug: str) -> str:
    words = slug.split("-")
    return " ".join(
        [
            words[0].capitalize(),
            *(w.upper() if w in ("api", "db", "sms", "dns") else w for w in words[1:]),
        ]
    )


def duration(minutes: int) -> str:
    if minutes < 90:
        return f"{minutes} minutes"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} hours {rest} minutes" if rest else f"{hours} hours"
    return f"{hours // 24} days"


def visibility(rng: random.Random) -> str:
    r = rng.random()
    return "public" if r < 0.10 else "restricted" if r < 0.12 else "internal"


class Corpus:
    """Builds every record in one pass per kind; ``rng`` is the only source of variation."""

    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.counts = plan_counts(n)
        self.people = self._people()
        self.files: list[tuple[str, str]] = []  # (relative path, text)

    # -- shared vocabulary -------------------------------------------------------------

    def _people(self) -> list[str]:
        size = min(len(FIRST_NAMES) * len(LAST_NAMES), max(40, sum(self.counts.values()) // 25))
        names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        self.rng.shuffle(names)
        return names[:size]

    def person(self) -> str:
        return self.rng.choice(self.people)

    def fill(self, template: str, ctx: dict) -> str:
        return template.format_map(ctx)

    def change_ref(self, svc: Service) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            return f"https://github.com/acme/{svc.id}/pull/{rng.randint(12, 4800)}"
        if r < 0.65:
            return f"acme/{svc.id}#{rng.randint(12, 4800)}"
        if r < 0.85:
            return f"{rng.getrandbits(28):07x}"
        return f"{rng.getrandbits(160):040x}"

    # -- services ----------------------------------------------------------------------

    def build_services(self) -> None:
        rng = self.rng
        count = self.counts["service"]
        domains = DOMAINS[:]
        rng.shuffle(domains)
        combos = [(d, s) for d in DOMAINS for s in SUFFIXES]
        rng.shuffle(combos)
        names = [(d, "") for d in domains] + combos
        teams = TEAMS[:]
        rng.shuffle(teams)
        self.services: list[Service] = []
        for i in range(count):
            domain, suffix = names[i % len(names)]
            slug = f"{domain}-{suffix}" if suffix else domain
            if i >= len(names):
                slug = f"{slug}-{i // len(names) + 1}"
            tier = rng.choices(("gold", "silver", "bronze"), (2, 4, 4))[0]
            svc = Service(slug, domain, suffix, teams[i % len(teams)], tier)
            if i:
                earlier = self.services[max(0, i - 40) : i]
                svc.depends_on = sorted(
                    {s.id for s in rng.sample(earlier, min(len(earlier), rng.randint(0, 3)))}
                )
            self.services.append(svc)
        # Incidents, problems and runbooks concentrate on a few busy services (Zipf-like).
        self.service_weights = list(accumulate(1 / (rank + 1) ** 0.8 for rank in range(count)))

    def pick_service(self) -> Service:
        r = self.rng.random() * self.service_weights[-1]
        return self.services[min(bisect_right(self.service_weights, r), len(self.services) - 1)]

    def write_services(self) -> None:
        rng = self.rng
        for svc in self.services:
            ctx = {"svc": svc.id, "team": svc.team, "domain": svc.domain, "role": ROLES[svc.suffix]}
            repos = [{"name": f"acme/{svc.id}", "url": f"https://github.com/acme/{svc.id}"}]
            if rng.random() < 0.3:
                repos.append(
                    {
                        "name": f"acme/{svc.id}-config",
                        "url": f"https://github.com/acme/{svc.id}-config",
                    }
                )
            objective = {"gold": 99.95, "silver": 99.9, "bronze": 99.5}[svc.tier]
            slos = [{"name": "availability", "objective": objective, "window": "28d"}]
            if rng.random() < 0.6:
                slos.append(
                    {"name": "latency p99 under 500 ms", "objective": 99.0, "window": "28d"}
                )
            front = {
                "id": svc.id,
                "title": human(svc.id),
                "kind": "service",
                "tags": sorted(
                    {
                        svc.domain,
                        svc.tier,
                        *(["platform"] if svc.suffix in ("", "gateway", "edge") else []),
                    }
                ),
                "visibility": "internal" if rng.random() < 0.9 else "public",
                "owner": svc.team,
                "tier": svc.tier,
                "team": svc.team,
                "repos": repos,
                "slos": slos,
                "depends_on": svc.depends_on,
            }
            blurb = self.fill(rng.choice(SERVICE_BLURBS), ctx)
            parts = ["## Overview", "", blurb[0].upper() + blurb[1:], ""]
            parts += [
                f"It is a **{svc.tier}** tier service: {self._tier_text(svc.tier)}",
                "",
                "## Dependencies",
                "",
            ]
            if svc.depends_on:
                parts += [f"- [[{dep}]]" for dep in svc.depends_on]
            else:
                parts.append("It has no runtime dependencies on other services.")
            parts += ["", "## Runbooks", ""]
            if svc.runbooks:
                parts += [f"- [[{rb.id}]] for {rb.symptom.title}" for rb in svc.runbooks[:12]]
            else:
                parts.append("No runbooks yet.")
            parts += [
                "",
                "## On call",
                "",
                f"The {svc.team} team is on call for {svc.id} around the clock. Page them through the "
                f"incident tool; for questions during office hours use the team channel.",
            ]
            self.files.append(
                (f"{FOLDERS['service']}/{svc.id}.md", document(front, "\n".join(parts)))
            )

    @staticmethod
    def _tier_text(tier: str) -> str:
        return {
            "gold": "customer facing and revenue critical, with a 99.95% availability objective and a readiness review for every major release.",
            "silver": "customer facing, with a 99.9% availability objective and a readiness review for major releases.",
            "bronze": "internal or best effort, with a 99.5% availability objective.",
        }[tier]

    # -- runbooks ----------------------------------------------------------------------

    def build_runbooks(self) -> None:
        rng = self.rng
        count = self.counts["runbook"]
        owners = [
            self.services[i % len(self.services)] for i in range(min(count, len(self.services)))
        ]
        owners += [self.pick_service() for _ in range(count - len(owners))]
        self.runbooks: list[Runbook] = []
        used_alerts: set[str] = set()
        for svc in owners:
            taken = {rb.symptom.slug for rb in svc.runbooks}
            free = [s for s in SYMPTOMS if s.slug not in taken]
            symptom = rng.choice(free) if free else rng.choice(SYMPTOMS)
            slug = f"{svc.id}-{symptom.slug}"
            suffix = ""
            if free == []:
                suffix = str(sum(1 for rb in svc.runbooks if rb.symptom is symptom) + 1)
                slug = f"{slug}-{suffix}"
            alerts = []
            for name in rng.sample(symptom.alerts, rng.randint(1, len(symptom.alerts))):
                alert = f"{camel(svc.id)}{name}{suffix}"
                if alert not in used_alerts:
                    used_alerts.add(alert)
                    alerts.append(alert)
            rb = Runbook(slug, svc, symptom, alerts)
            svc.runbooks.append(rb)
            self.runbooks.append(rb)

    def write_runbooks(self) -> None:
        rng = self.rng
        for rb in self.runbooks:
            svc, sym = rb.service, rb.symptom
            ctx = self._numbers(svc)
            ctx["alert"] = rb.alerts[0] if rb.alerts else camel(svc.id)
            every = rng.choice((90, 180, 180, 180, 365))
            reviewed = day_of(SPAN_MINUTES - rng.randint(1, every - GRACE_DAYS) * 1440)
            front = {
                "id": rb.id,
                "title": f"{human(svc.id)}: {sym.title}",
                "kind": "runbook",
                "tags": sorted({*sym.tags, svc.domain}),
                "visibility": visibility(rng),
                "owner": svc.team,
                "service": svc.id,
                "alerts": rb.alerts,
                "last_reviewed": reviewed,
            }
            if every != 180:  # 180 days is the contract's default
                front["review_every"] = every
            diag = [self.fill(line, ctx) for line in sym.diagnosis]
            fix = [self.fill(line, ctx) for line in sym.mitigation]
            alerts_md = ", ".join(f"`{a}`" for a in rb.alerts) or "the related alerts"
            others = [o for o in svc.runbooks if o is not rb][:3]
            parts = [
                "## Meaning",
                "",
                self.fill(sym.meaning, ctx),
                "",
                f"This runbook is linked from {alerts_md}. It is owned by the {svc.team} team; "
                f"if the steps below do not help within fifteen minutes, escalate to them.",
                "",
                "## Impact",
                "",
                f"{human(svc.id)} is a {svc.tier} tier service. "
                + {
                    "gold": "Customers notice within minutes and revenue is at risk; treat a sustained alert as SEV2 or higher.",
                    "silver": "Customers notice degraded features; treat a sustained alert as SEV3 unless a core journey is down.",
                    "bronze": "Internal users and background work are affected first; treat a sustained alert as SEV4.",
                }[svc.tier],
                "",
                "## Diagnosis",
                "",
                "1. Open the service dashboard and confirm the alert against the request rate, errors "
                "and duration panels. Check whether the problem is limited to one region or one pod.",
                "2. Check what changed recently: deploys, feature flags and configuration.",
                "",
                "```sh",
                *diag,
                "```",
                "",
                "3. If the problem started with a deploy, go straight to mitigation and roll back; "
                "diagnose afterwards.",
                "",
                "## Mitigation",
                "",
                "Prefer the least risky step that restores service, then find the cause in daylight.",
                "",
                "```sh",
                *fix,
                "```",
                "",
                "After mitigating, watch the dashboard for fifteen minutes and make sure the alert "
                "resolves. Record what you did in the incident channel so it can go into the review.",
            ]
            if others:
                parts += ["", "## Related", ""]
                parts += [f"- [[{o.id}]]" for o in others]
            self.files.append(
                (f"{FOLDERS['runbook']}/{rb.id}.md", document(front, "\n".join(parts)))
            )

    def _numbers(self, svc: Service) -> dict:
        rng = self.rng
        return {
            "svc": svc.id,
            "ns": svc.domain,
            "team": svc.team,
            "ms": rng.choice((250, 500, 800, 1000, 2000)),
            "pct": rng.choice((2, 5, 10, 20, 80, 90)),
            "count": rng.choice((3, 5, 10, 10000, 50000)),
            "days": rng.choice((3, 7, 14)),
            "secs": rng.choice((30, 60, 120, 300)),
            "mins": rng.choice((10, 15, 30)),
            "hours": rng.choice((24, 36, 48)),
            "replicas": rng.choice((6, 8, 12, 16, 24)),
            "gb": rng.choice((4, 8, 16, 64)),
            "cores": rng.choice((2, 4, 8)),
        }

    # -- readiness (built before reviews: releases can cause incidents) ----------------

    def build_readiness(self) -> None:
        rng = self.rng
        count = self.counts["readiness"]
        big = [s for s in self.services if s.tier != "bronze"] or self.services
        horizon = SPAN_MINUTES + 90 * 1440
        go_lives = sorted(rng.randrange(30 * 1440, horizon) for _ in range(count))
        self.readiness: list[Readiness] = []
        for i, go_live in enumerate(go_lives, 1):
            go_live -= go_live % 60  # releases go live on the hour
            primary = (
                big[min(int(rng.paretovariate(1.2)) - 1, len(big) - 1)]
                if rng.random() < 0.5
                else rng.choice(big)
            )
            services = [primary]
            if rng.random() < 0.35 and len(big) > 1:
                other = rng.choice(big)
                if other is not primary:
                    services.append(other)
            rdy = Readiness(f"RDY-{i:04d}", services, go_live)
            for svc in services:
                svc.releases.append((go_live, rdy.id))
            self.readiness.append(rdy)

    def write_readiness(self) -> None:
        rng = self.rng
        for rdy in self.readiness:
            primary = rdy.services[0]
            go = rdy.go_live
            until = go + rng.choice((7, 14, 21)) * 1440
            if go > SPAN_MINUTES + 30 * 1440:
                status = "planned"
            elif go > SPAN_MINUTES + 7 * 1440:
                status = "in-progress"
            elif go > SPAN_MINUTES:
                status = "ready"
            elif until > SPAN_MINUTES:
                status = "hypercare"
            elif until + 30 * 1440 > SPAN_MINUTES:
                status = "released"
            else:
                status = "done"
            version = f"{at(go).year}.{at(go).month}"
            dep = primary.depends_on[0] if primary.depends_on else "the platform"
            check_status = {
                "planned": ("not-started", "in-progress"),
                "in-progress": ("not-started", "in-progress", "done"),
                "ready": ("done", "n-a"),
            }.get(status, ("done", "done", "n-a"))
            checklist = {}
            for section in CHECKLIST_SECTIONS:
                state = rng.choice(check_status)
                checklist[section] = {
                    "status": state,
                    "notes": "Not applicable to this release."
                    if state == "n-a"
                    else CHECKLIST_NOTES[section],
                }
            contacts = [
                {"name": self.person(), "role": role, "contact": None}
                for role in (
                    "Release manager",
                    "Service owner",
                    "Incident manager",
                    "Support lead",
                )[: rng.randint(2, 4)]
            ]
            for c in contacts:
                c["contact"] = c["name"].lower().replace(" ", ".") + "@acme.example"
            front = {
                "id": rdy.id,
                "title": f"{human(primary.id)} {version} release",
                "kind": "readiness",
                "tags": sorted({"release", primary.domain}),
                "visibility": visibility(rng),
                "owner": primary.team,
                "release_tier": "gold" if any(s.tier == "gold" for s in rdy.services) else "silver",
                "services": [s.id for s in rdy.services],
                "status": status,
                "key_dates": {
                    "readiness_review": at(go - rng.randint(10, 20) * 1440),
                    "code_freeze": at(go - rng.randint(3, 7) * 1440),
                    "go_live": at(go),
                    "hypercare_end": at(until),
                },
                "contacts": contacts,
                "release_plan": f"Staged rollout of {primary.id} {version}: canary in one region for a day, then 25%, 50% and 100% of traffic with a pause at each stage.",
                "risks": [
                    self.fill(r, {"dep": dep})
                    for r in rng.sample(READINESS_RISKS, rng.randint(1, 3))
                ],
                "test_and_training_plan": "Load test at twice the expected peak in the performance environment; support and service desk walkthrough one week before go-live.",
                "rollback_plan": f"Roll back {primary.id} to the previous version with the deploy pipeline; schema changes are backwards compatible for one release.",
                "observability": f"New dashboards and SLO burn-rate alerts for {primary.id}; release annotations on every dashboard.",
                "hypercare": {
                    "until": day_of(until),
                    "activities": [
                        "Daily check-in of the release team",
                        "Error budget review at the end of hypercare",
                    ],
                },
                "checklist": checklist,
            }
            parts = [
                "## Overview",
                "",
                f"This readiness review covers the {version} release of {', '.join(f'[[{s.id}]]' for s in rdy.services)}. "
                "It exists to make everyone who will support the release aware of it, not to approve it: "
                "the team owns the decision to go live.",
                "",
                "## What changes",
                "",
                f"The release changes how {primary.id} handles {primary.domain} requests, adds new "
                "endpoints behind a feature flag, and migrates part of its data to a new schema.",
                "",
                "## Support model",
                "",
                f"The {primary.team} team is on call during hypercare and joins the daily service review. "
                "Known issues and workarounds are published as knowledge articles before go-live.",
            ]
            self.files.append(
                (f"{FOLDERS['readiness']}/{rdy.id}.md", document(front, "\n".join(parts)))
            )

    # -- problems (built before reviews so reviews can link them) ------------------------

    def build_problems(self) -> None:
        rng = self.rng
        count = self.counts["problem"]
        opened = sorted(rng.randrange(0, SPAN_MINUTES - 1440) for _ in range(count))
        self.problems: list[Problem] = []
        for i, minute in enumerate(opened, 1):
            svc = self.pick_service()
            symptom = (
                rng.choice(svc.runbooks).symptom
                if svc.runbooks and rng.random() < 0.7
                else rng.choice(SYMPTOMS)
            )
            prb = Problem(f"PRB-{i:04d}", svc, symptom, minute)
            age_days = (SPAN_MINUTES - minute) / 1440
            if age_days < 30:
                prb.status = rng.choice(("open", "open", "known-error"))
            elif age_days < 180:
                prb.status = rng.choice(("open", "known-error", "known-error", "resolved"))
            else:
                prb.status = rng.choices(("known-error", "resolved", "closed"), (2, 3, 5))[0]
            if prb.status in ("resolved", "closed"):
                prb.resolved = min(minute + rng.randint(2, 120) * 1440, SPAN_MINUTES - 60)
            svc.problems.append(prb)
            svc.problems_opened.append(minute)
            self.problems.append(prb)

    def write_problems(self) -> None:
        rng = self.rng
        for prb in self.problems:
            svc, sym = prb.service, prb.symptom
            status = prb.status
            dep = svc.depends_on[0] if svc.depends_on else "its callers"
            ctx = {"svc": svc.id, "dep": dep, "phrase": sym.phrase, "title": sym.title}
            front = {
                "id": prb.id,
                "title": self.fill(rng.choice(PROBLEM_TITLES), ctx).replace(
                    svc.id, human(svc.id), 1
                ),
                "kind": "problem",
                "tags": sorted(sym.tags),
                "visibility": visibility(rng),
                "owner": svc.team,
                "status": status,
                "services": [svc.id],
                "opened": at(prb.opened),
            }
            root_cause = self.fill(rng.choice(ROOT_CAUSES), ctx)
            workaround = self.fill(rng.choice(WORKAROUNDS), ctx)
            if status != "open":
                front["root_cause"] = root_cause
            if status == "known-error" or (status != "open" and rng.random() < 0.5):
                front["workaround"] = workaround
            if prb.resolved is not None:
                front["fixed_by"] = [self.change_ref(svc) for _ in range(rng.randint(1, 2))]
                front["resolved"] = at(prb.resolved)
            parts = [
                "## Description",
                "",
                f"{human(svc.id)} {sym.phrase} repeatedly. Each occurrence looks like a separate incident, "
                f"but they share one underlying cause. The on-call runbook is "
                + (f"[[{svc.runbooks[0].id}]]." if svc.runbooks else "still to be written."),
                "",
                "## Root cause",
                "",
                root_cause
                if status != "open"
                else "Still under investigation. Current hypothesis: "
                + root_cause[0].lower()
                + root_cause[1:],
                "",
                "## Workaround",
                "",
                workaround,
                "",
                "## Incidents",
                "",
            ]
            if prb.incidents:
                parts += [f"- {inc}" for inc in prb.incidents[:25]]
                if len(prb.incidents) > 25:
                    parts.append(f"- and {len(prb.incidents) - 25} more")
            else:
                parts.append("Found during a review of alert history; no incident linked yet.")
            self.files.append(
                (f"{FOLDERS['problem']}/{prb.id}.md", document(front, "\n".join(parts)))
            )

    # -- reviews -------------------------------------------------------------------------

    def write_reviews(self) -> None:
        rng = self.rng
        count = self.counts["review"]
        starts = sorted(rng.randrange(0, SPAN_MINUTES - 60) for _ in range(count))
        n_articles = self.counts["article"]
        for i, start in enumerate(starts, 1):
            inc = f"INC-{i:04d}"
            svc = self.pick_service()
            dep = svc.depends_on[-1] if svc.depends_on else "the shared ingress"
            runbook = rng.choice(svc.runbooks) if svc.runbooks else None
            symptom = runbook.symptom if runbook else rng.choice(SYMPTOMS)
            severity = rng.choices(("SEV1", "SEV2", "SEV3", "SEV4", "SEV5"), (3, 12, 35, 35, 15))[0]
            sev_n = int(severity[-1])
            detection = rng.choices(
                ("alert", "synthetic", "customer", "staff", "other"), (60, 10, 15, 12, 3)
            )[0]
            alert = (
                runbook.alerts[0]
                if runbook and runbook.alerts
                else f"{camel(svc.id)}{symptom.alerts[0]}"
            )

            detect_min = max(
                1, int(rng.lognormvariate(1.6 if detection in ("alert", "synthetic") else 3.0, 0.7))
            )
            ack_min = max(1, int(rng.lognormvariate(1.2, 0.6)))
            mitigate_min = (
                detect_min + ack_min + max(3, int(rng.lognormvariate(2.6 + 0.35 * sev_n, 0.8)))
            )
            resolve_min = mitigate_min + int(rng.lognormvariate(3.5, 1.2))
            t_start = start
            t_detect = start + detect_min
            t_ack = t_detect + ack_min
            t_mitigate = start + mitigate_min
            t_resolve = start + resolve_min

            age_days = (SPAN_MINUTES - t_resolve) / 1440
            if age_days < 7:
                status = rng.choice(("draft", "draft", "in-review"))
            elif age_days < 30:
                status = rng.choice(("draft", "in-review", "reviewed", "reviewed"))
            else:
                status = rng.choices(("in-review", "reviewed", "closed"), (3, 17, 80))[0]
            complete = status in ("reviewed", "closed") or rng.random() < 0.5

            cause, cause_tag = rng.choice(CAUSES)
            caused_by: list[str] = []
            if cause_tag in ("deploy", "config", "database", "feature-flags", "dependencies"):
                recent = [rid for when, rid in svc.releases if start - 30 * 1440 <= when <= start]
                if recent and rng.random() < 0.7:
                    caused_by.append(recent[-1])
                    cause = f"the release reviewed in {recent[-1]}"
                elif rng.random() < 0.8:
                    caused_by.append(self.change_ref(svc))

            problems: list[str] = []
            if rng.random() < 0.45:
                # Only the latest problems opened by then: a bounded look-back keeps this O(1).
                cut = bisect_right(svc.problems_opened, start + 2 * 1440)
                candidates = [
                    p
                    for p in svc.problems[max(0, cut - 40) : cut]
                    if p.resolved is None or p.resolved >= start
                ]
                if candidates:
                    prb = rng.choice(candidates[-4:])
                    problems.append(prb.id)
                    prb.incidents.append(inc)

            ctx = self._numbers(svc)
            ctx.update(
                svc=svc.id,
                dep=dep,
                alert=alert,
                detect_min=detect_min,
                ack_min=ack_min,
                phrase=symptom.phrase,
                cause=cause,
                sev=severity,
                reason=SEV_REASONS[severity],
                day=long_day(at(start)),
                hhmm=at(start).strftime("%H:%M"),
                dur=duration(t_mitigate - t_start),
                worst=min(mitigate_min, rng.choice((5, 10, 15, 30))),
                customers=f"{rng.randint(1, 90) * 10 ** (6 - sev_n):,}",
                tickets=rng.randint(0, 400) // sev_n,
                chats=rng.randint(0, 200) // sev_n,
                orders=f"{rng.randint(1, 60) * 10 ** max(1, 5 - sev_n):,}",
                budget=rng.randint(2, 80),
            )
            title = f"{human(svc.id)} {symptom.phrase} after {cause.replace('the release reviewed in ', 'release ')}"
            people = [self.person() for _ in range(rng.randint(1, 3))]
            authors = list(dict.fromkeys(people))

            front: dict = {
                "id": inc,
                "title": title,
                "kind": "review",
                "tags": sorted({*symptom.tags, cause_tag}),
                "visibility": visibility(rng),
                "owner": svc.team,
                "status": status,
                "severity": severity,
                "services": [svc.id]
                + ([dep] if dep in self.service_ids and rng.random() < 0.4 else []),
                "started": at(t_start),
                "detected": at(t_detect),
                "acknowledged": at(t_ack),
                "mitigated": at(t_mitigate),
                "resolved": at(t_resolve),
                "detection": detection,
            }
            impact_lines = [
                self.fill(line, ctx) for line in rng.sample(IMPACT_LINES, rng.randint(3, 5))
            ]
            if complete:
                front["impact"] = impact_lines[0]
            if caused_by:
                front["caused_by"] = caused_by
            if problems:
                front["problems"] = problems
            if runbook:
                front["runbooks"] = [runbook.id]
            front["authors"] = authors
            if complete:
                items = []
                for _ in range(rng.randint(1, 4)):
                    kind = rng.choice(("mitigate", "prevent", "prevent", "detect", "process"))
                    due = t_resolve + rng.randint(7, 90) * 1440
                    if due >= SPAN_MINUTES + GRACE_DAYS * 1440:
                        state = rng.choices(("done", "open"), (20, 80))[0]
                    elif t_resolve > SPAN_MINUTES - 45 * 1440 and rng.random() < 0.7:
                        # Recent incidents keep open work, due after the grace period.
                        state = "open"
                        due = SPAN_MINUTES + rng.randint(GRACE_DAYS, GRACE_DAYS + 60) * 1440
                    else:
                        state = rng.choices(("done", "wontfix"), (92, 8))[0]
                    item = {
                        "title": self._action_title(kind, ctx),
                        "type": kind,
                        "owner": rng.choice((self.person(), svc.team)),
                        "due": day_of(due),
                        "status": state,
                    }
                    if rng.random() < 0.6:
                        item["link"] = (
                            f"https://github.com/acme/{svc.id}/issues/{rng.randint(10, 5000)}"
                        )
                    items.append(item)
                front["action_items"] = items

            body = self._review_body(
                ctx, front, symptom, runbook, problems, complete, i, n_articles
            )
            self.files.append((f"{FOLDERS['review']}/{inc}.md", document(front, body)))

    @staticmethod
    def _action_title(kind: str, ctx: dict) -> str:
        return {
            "mitigate": "Add a one-click rollback for {svc} to the deploy pipeline",
            "prevent": "Set timeouts and a retry budget on calls from {dep} to {svc}",
            "detect": "Replace the cause-based alert with an SLO burn-rate alert for {svc}",
            "process": "Re-enable the canary stage for {svc} and require review to disable it",
        }[kind].format_map(ctx)

    def _review_body(
        self, ctx, front, symptom, runbook, problems, complete, number, n_articles
    ) -> str:
        rng = self.rng
        fill = self.fill
        p: list[str] = ["## Summary", "", fill(rng.choice(SUMMARY_OPENERS), ctx), ""]
        p.append(
            f"The on-call engineer was paged {('by ' + '`' + ctx['alert'] + '`') if front['detection'] == 'alert' else 'after ' + front['detection'] + ' reports'} "
            f"and followed {('the runbook [[' + runbook.id + ']]') if runbook else 'the general triage guide'}. "
            f"Service was restored at {front['mitigated'].strftime('%H:%M')} UTC and the incident was closed at "
            f"{front['resolved'].strftime('%H:%M')} UTC on {long_day(front['resolved'])}."
        )
        if problems:
            p.append("")
            p.append(
                f"This is another occurrence of {problems[0]}: the same underlying weakness has caused incidents "
                "before, and the action items below build on the problem's known workaround."
            )
        p += ["", "## Impact", ""]
        impact = [fill(line, ctx) for line in rng.sample(IMPACT_LINES, rng.randint(3, 5))]
        p += [f"- {line}" for line in impact]
        p += [
            "",
            f"The impact started at {front['started'].strftime('%H:%M')} UTC and lasted until mitigation "
            f"at {front['mitigated'].strftime('%H:%M')} UTC. Customers of {ctx['dep']} saw secondary effects "
            "for a few minutes longer while caches refilled.",
            "",
            "## Timeline",
            "",
            "All times UTC.",
            "",
        ]
        det_text = {
            "alert": f"`{ctx['alert']}` fires and pages the on-call engineer.",
            "synthetic": "The synthetic checkout journey fails from three probe locations.",
            "customer": "The first customer reports reach the service desk.",
            "staff": "An engineer notices errors on the dashboard and raises the alarm.",
            "other": "A partner reports failures through the shared support channel.",
        }[front["detection"]]
        events = [
            (
                front["started"],
                f"{fill(rng.choice(('Errors start to rise on {svc}.', 'Latency of {svc} begins to climb.', 'The change reaches production and {svc} begins to degrade.')), ctx)}",
            ),
            (front["detected"], det_text),
            (
                front["acknowledged"],
                "The on-call engineer acknowledges the page and starts investigating.",
            ),
        ]
        t_ack, t_mit = front["acknowledged"], front["mitigated"]
        gap = int((t_mit - t_ack).total_seconds() // 60)
        steps = sorted(
            rng.sample(range(len(TIMELINE_STEPS)), rng.randint(3, 6))
        )  # keep the story's order
        steps = [TIMELINE_STEPS[k] for k in steps]
        offsets = sorted(rng.randint(0, max(gap, 1)) for _ in steps)
        for off, step in zip(offsets, steps, strict=True):
            events.append((t_ack + timedelta(minutes=off), fill(step, ctx)))
        events.append(
            (t_mit, f"Mitigation takes effect; {ctx['svc']} error rate returns to normal.")
        )
        events.append((front["resolved"], "The incident is resolved after a period of monitoring."))
        events.sort(key=lambda e: e[0])
        p += [f"- **{when.strftime('%Y-%m-%d %H:%M')}** {text}" for when, text in events]

        p += ["", "## Contributing factors", ""]
        if complete or rng.random() < 0.5:
            factors = rng.sample(CONTRIBUTING_FACTORS, rng.randint(2, 5))
            for factor in factors:
                p.append(f"- {fill(factor, ctx)}")
        else:
            p.append("To be completed in the review meeting.")
        p += ["", "## What went well", ""]
        p += [f"- {fill(line, ctx)}" for line in rng.sample(WENT_WELL, rng.randint(2, 4))]
        p += ["", "## What was difficult", ""]
        p += [f"- {fill(line, ctx)}" for line in rng.sample(DIFFICULT, rng.randint(2, 4))]
        p += ["", "## Lessons", ""]
        for lesson in rng.sample(LESSONS, rng.randint(1, 3)):
            p += [fill(lesson, ctx), ""]
        refs = []
        if number > 1 and rng.random() < 0.3:
            earlier = f"INC-{rng.randint(max(1, number - 200), number - 1):04d}"
            refs.append(f"A similar failure was reviewed in [[{earlier}|an earlier incident]].")
        if rng.random() < 0.3:
            refs.append(f"Background on the mechanism is in KB-{rng.randint(1, n_articles):04d}.")
        if refs:
            p.append(" ".join(refs))
        return "\n".join(p)

    # -- articles ------------------------------------------------------------------------

    def write_articles(self) -> None:
        rng = self.rng
        count = self.counts["article"]
        n_reviews, n_problems = self.counts["review"], self.counts["problem"]
        for i in range(1, count + 1):
            svc = self.pick_service()
            dep = svc.depends_on[0] if svc.depends_on else "the platform"
            ctx = {"svc": svc.id, "dep": dep, "team": svc.team}
            title = self.fill(rng.choice(ARTICLE_TITLES), ctx)
            front = {
                "id": f"KB-{i:04d}",
                "title": title,
                "kind": "article",
                "tags": sorted(
                    rng.sample(
                        ("how-to", "on-call", "reliability", "process", "architecture", svc.domain),
                        2,
                    )
                ),
                "visibility": visibility(rng),
                "owner": svc.team if rng.random() < 0.7 else self.person(),
            }
            paragraphs = rng.sample(ARTICLE_PARAGRAPHS, rng.randint(4, 8))
            headings = rng.sample(ARTICLE_HEADINGS, 3)
            parts: list[str] = []
            for j, para in enumerate(paragraphs):
                if j % 2 == 0 and j // 2 < len(headings):
                    parts += [f"## {headings[j // 2]}", ""]
                parts += [self.fill(para, ctx), ""]
            if svc.runbooks and rng.random() < 0.7:
                parts += [f"When an alert fires, start with [[{rng.choice(svc.runbooks).id}]]."]
            if rng.random() < 0.5:
                parts += [
                    "",
                    "```sh",
                    f"kubectl -n {svc.domain} get pods -l app={svc.id}",
                    f"kubectl -n {svc.domain} logs deploy/{svc.id} --since=10m",
                    "```",
                ]
            seen = []
            if rng.random() < 0.6:
                seen.append(f"INC-{rng.randint(1, n_reviews):04d}")
            if rng.random() < 0.4:
                seen.append(f"PRB-{rng.randint(1, n_problems):04d}")
            if seen:
                parts += ["", f"Examples from our own history: {', '.join(seen)}."]
            if i > 1 and rng.random() < 0.4:
                parts += ["", f"See also [[KB-{rng.randint(1, i - 1):04d}]]."]
            self.files.append(
                (f"{FOLDERS['article']}/KB-{i:04d}.md", document(front, "\n".join(parts)))
            )

    # -- driver --------------------------------------------------------------------------

    def build(self) -> None:
        self.build_services()
        self.service_ids = {s.id for s in self.services}
        self.build_runbooks()
        self.build_readiness()
        self.build_problems()
        self.write_reviews()  # before problems and services: fills their incident lists
        self.write_problems()
        self.write_services()
        self.write_runbooks()
        self.write_readiness()
        self.write_articles()


def _prepare(out: Path, clean: bool) -> None:
    targets = [
        out / "mkdocs.yml",
        out / "docs",
        out / "reviews",
        out / "runbooks",
        out / "knowledge",
    ]
    existing = [t for t in targets if t.exists()]
    if existing and not clean:
        raise FileExistsError(
            f"{out} already holds a knowledge base ({existing[0].name}); pass clean=True / --clean"
        )
    for target in existing:
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()


def synthesize(
    n: int, out: Path, seed: int = DEFAULT_SEED, *, clean: bool = False
) -> dict[str, int]:
    """Write about ``n`` records into ``out`` and return the number written per kind.

    ``clean`` removes a knowledge base written earlier into ``out`` (only the folders this
    function writes); without it an existing one is an error rather than a silent mix.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    out = Path(out)
    _prepare(out, clean)
    corpus = Corpus(n, seed)
    corpus.build()
    out.mkdir(parents=True, exist_ok=True)
    for folder in FOLDERS.values():
        (out / folder).mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir(exist_ok=True)
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8", newline="\n")
    (out / "docs" / "index.md").write_text(INDEX_MD, encoding="utf-8", newline="\n")
    for rel, text in corpus.files:
        with open(out / rel, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    return dict(corpus.counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="about how many records to write")
    parser.add_argument("out", type=Path, help="folder to write the knowledge base into")
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--clean", action="store_true", help="replace a knowledge base already in OUT"
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        counts = synthesize(args.n, args.out, args.seed, clean=args.clean)
    except (FileExistsError, ValueError) as exc:
        parser.error(str(exc))
    elapsed = time.perf_counter() - began
    summary = ", ".join(f"{kind} {count}" for kind, count in counts.items())
    print(
        f"wrote {sum(counts.values())} records to {args.out} in {elapsed:.2f}s ({summary})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
