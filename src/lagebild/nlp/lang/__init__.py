"""Per-language rule data for the NLP components."""
