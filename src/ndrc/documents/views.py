"""Download of generated documents, for those who may read their subject."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from ndrc.documents.selectors import get_document_for


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_document_for(request.user, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )
