"""What readers see without an account (the reader site grows here)."""
