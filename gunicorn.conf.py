"""gunicorn settings for factcheck behind a buffering reverse proxy (README: Deployment).

gunicorn reads this file from the directory it starts in, or from `-c path/to/gunicorn.conf.py`.
Sync workers handle one request each: they must only ever see requests the proxy has already
read in full, or a few slow clients trickling bodies would hold every worker.
"""

import multiprocessing
import os

# Only the proxy talks to gunicorn; it listens on the loopback interface (or a Unix socket).
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "sync"
# Two per core, plus one: a request mostly waits for the database. A long transcript is split
# by a forked second process (README: Transcript formats), so leave a core for that on imports.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# The slowest request is importing a transcript at the size limit (5 MB: a few seconds); a worker
# busy for longer than this is stuck, and is restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
# Recycle workers now and then, so that a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200
# Requests are small but for the body, which the proxy limits (client_max_body_size).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The proxy on this machine is trusted to say the scheme (X-Forwarded-Proto); the app's
# PROXY_COUNT setting decides which forwarded headers it believes.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
