"""Reading articles from files, folders, feeds and URLs, and storing them.

`load_inputs` turns what the user named into `Document`s (nothing is stored);
`ingest` stores them, one transaction per input file.
"""

from lagebild.ingest.readers import load_inputs, read_input
from lagebild.ingest.store_docs import IngestReport, ingest, ingest_documents

__all__ = ["IngestReport", "ingest", "ingest_documents", "load_inputs", "read_input"]
