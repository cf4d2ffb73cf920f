"""Pure-Python claim handling: segmentation with exact offsets, formats, check-worthiness."""

from factcheck.claims.segment import Span, normalize_transcript, split_claims

__all__ = ["Span", "normalize_transcript", "split_claims"]
