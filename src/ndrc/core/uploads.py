"""The check every uploaded document goes through, whichever app keeps it (a sheet's
attachment, a CCF evaluation file, an applicant's document): its size, and its type read from
its first bytes, not from its name."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Documents and pictures: the extension, the content type stored, the first bytes it must have.
ALLOWED_FILES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    # OpenDocument and Office Open XML files are ZIP archives.
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
}


def check_upload(upload: UploadedFile, *, field: str = "file") -> str:
    """The content type of an acceptable upload; `ValidationError` naming the file otherwise."""
    name = PurePath(upload.name or "").name
    if upload.size is None or upload.size == 0:
        raise ValidationError({field: f"« {name} » : fichier vide."})
    if upload.size > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(
            {field: f"« {name} » : fichier trop volumineux ({limit} Mo au plus)."}
        )
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_FILES:
        allowed = ", ".join(sorted(ALLOWED_FILES))
        raise ValidationError(
            {field: f"« {name} » : type de fichier refusé (acceptés : {allowed})."}
        )
    content_type, signatures = ALLOWED_FILES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(signatures):
        raise ValidationError(
            {field: f"« {name} » : le contenu ne correspond pas à un fichier {extension}."}
        )
    return content_type
