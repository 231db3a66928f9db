"""The words of the machine interface (issue 2): a grade's statuses, the forms of the exam and
the jury's decisions, as records and results write them."""

# A grade's statuses: an unjustified absence, an absence for force majeure, NV (non valide).
ABSENT, EXCUSED, INVALID = "absent", "excused", "NV"
STATUSES = frozenset((ABSENT, EXCUSED, INVALID))
# The whole form (every unit at one session) and the progressive form (D643-14).
WHOLE, PROGRESSIVE = "whole", "progressive"
# The jury's decisions.
ADMITTED, FAILED, RESIT_ELIGIBLE = "admitted", "failed", "resit_eligible"
INCOMPLETE, REJECTED = "incomplete", "rejected"
