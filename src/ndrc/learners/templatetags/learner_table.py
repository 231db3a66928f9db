"""`{% learner_table_rows rows show_cohort %}`: the rows of a list of learners (`learner_rows`,
`read_rows`) in one string — 50 rows of links, names, a status and the companies, whose template
nodes were the largest part of the learners' list and of a cohort's page (as the alternance
rows)."""

from collections.abc import Callable

from django import template
from django.utils.safestring import SafeString, mark_safe

from ndrc.core.ui.lines import escaper
from ndrc.core.ui.routes import record_addresses
from ndrc.learners.selectors import LearnerRow

register = template.Library()


def _companies(row: LearnerRow, address: Callable[[int], str], text: Callable[[str], str]) -> str:
    """Each company of the row's supervisions linked, once in a row, as the template wrote them
    (`{% ifchanged %}` on the company: a comma after every link but the last supervision's)."""
    if not row.supervisions:
        return "—"
    links = []
    last = len(row.supervisions) - 1
    for index, supervision in enumerate(row.supervisions):
        company_id = supervision.contact.company_id
        if index == 0 or company_id != row.supervisions[index - 1].contact.company_id:
            name = text(supervision.contact.company.name)
            links.append(f'<a href="{address(company_id)}">{name}</a>')
            if index != last:
                links.append(", ")
    return "".join(links)


@register.simple_tag
def learner_table_rows(rows: list[LearnerRow], show_cohort: bool = False) -> SafeString:
    learner, company = record_addresses("learners:detail"), record_addresses("companies:detail")
    text = escaper()  # a cohort's name, a status: escaped once for the table

    def cohort(row: LearnerRow) -> str:
        return f"<td>{text(row.learner.cohort.name)}</td>" if show_cohort else ""

    return mark_safe(  # noqa: S308  (every value escaped)
        "".join(
            f"<tr>\n"
            f'    <td><a href="{learner(row.learner.pk)}">'
            f"{text(row.learner.last_name)} "
            f"{text(row.learner.first_name)}</a></td>\n"
            f"    {cohort(row)}\n"
            f"    <td>{text(row.category_label or '—')}</td>\n"
            f"    <td>{_companies(row, company, text)}</td>\n"
            f"    <td>{text(row.supervisors or '—')}</td>\n"
            f"  </tr>"
            for row in rows
        )
    )
