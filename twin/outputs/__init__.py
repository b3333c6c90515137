"""Output files: every command's tables and one ``metadata.json`` shape, written atomically."""

from twin.outputs.atomic import (
    atomic_directory,
    atomic_write_bytes,
    atomic_write_csv,
    atomic_write_text,
    csv_text,
)
from twin.outputs.writer import (
    SEED_RULE,
    RunMetadata,
    experiment_metadata,
    tables,
    versions,
    write_experiments,
    write_outputs,
)

__all__ = [
    "SEED_RULE",
    "RunMetadata",
    "atomic_directory",
    "atomic_write_bytes",
    "atomic_write_csv",
    "atomic_write_text",
    "csv_text",
    "experiment_metadata",
    "tables",
    "versions",
    "write_experiments",
    "write_outputs",
]
