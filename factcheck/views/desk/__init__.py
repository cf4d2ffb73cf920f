"""The desk, for staff: speeches and their import (`speeches`), the reviewer workspace and fixing
the split (`review`), and sources, verdicts and notes on a claim (`items`). Every blueprint here
is guarded by `_helpers.require_desk`."""
