"""Size limits shared by the file readers and the URL fetcher."""

DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one input file or download
MAX_DOCUMENT_CHARS = 2_000_000  # one document's text, after extraction
