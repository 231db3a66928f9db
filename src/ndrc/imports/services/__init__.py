"""Imports of learners and companies from CSV or XLSX files, by subject: `reports`, the common
run `importer`, `learners`, `companies`, and the upload `jobs`. The names other apps use are
importable from here.

An import reads the whole file and checks every line; the records it may touch are looked up
all at once (by INE / Parcoursup number, or SIRET). Then:
- a **preview** writes nothing (no transaction is opened): each line's record is built in
  memory and checked by the validation the records' services run (`check_learner`, the
  model's `full_clean`); the report says what would be created, changed (field by field) or
  left unchanged, and lists every error;
- **applying** runs the records' own services (so the same rules and the same audit trail apply
  as when a record is typed in a form) in one transaction, committed only if no line has an
  error: a file with any bad line changes nothing. Each service is atomic, so a line it refuses
  leaves no trace and the following lines are still checked.
Learners are found again by INE, else by Parcoursup number; companies by SIRET. A cell left
empty never clears a value, and equal values are not rewritten, so importing the same file twice
changes nothing the second time.

Running an import yields `Progress` events while it works through the lines, then the
`ImportReport`; `run` consumes them when no one is watching.
"""

from ndrc.imports.services.companies import CompanyImporter
from ndrc.imports.services.importer import Importer, iter_import
from ndrc.imports.services.jobs import create_job, discard_job, iter_job
from ndrc.imports.services.learners import LearnerImporter
from ndrc.imports.services.reports import ImportReport, Outcome, Progress, run

__all__ = [
    "CompanyImporter",
    "ImportReport",
    "Importer",
    "LearnerImporter",
    "Outcome",
    "Progress",
    "create_job",
    "discard_job",
    "iter_import",
    "iter_job",
    "run",
]
