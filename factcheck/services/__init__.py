"""Business operations. Each takes an explicit session and actor, enforces the rules, writes the audit
log, flushes (never commits) and raises `factcheck.errors` exceptions; the caller commits once."""
