"""`skms import`: turn an existing folder of runbooks and postmortems into records.

`run.py` drives a run; `source.py` reads a file (front matter in YAML or TOML, or none);
`mapping.py`, `runbook.py` and `review.py` map what a file says onto the contract;
`times.py` reads its times in the zone it states; `report.py` says, per file, what was
found, what was guessed and what a person must still fill in.
"""

from .report import FileReport, ImportReport, format_json, format_text
from .run import ImportOptions, ImportUsageError, run_import

__all__ = [
    "FileReport",
    "ImportOptions",
    "ImportReport",
    "ImportUsageError",
    "format_json",
    "format_text",
    "run_import",
]
