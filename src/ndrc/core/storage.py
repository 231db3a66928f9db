"""Where uploaded and generated files are kept: Django's file system storage, with names that
fit the disks' limit."""

from pathlib import PurePath

from django.core.files.storage import FileSystemStorage

# A file name on Linux file systems is at most 255 bytes; the room left is for the suffix Django
# adds when the name is taken (`_` and 7 characters).
NAME_BYTES = 200


class DataStorage(FileSystemStorage):
    """A name sent with a file (a phone's photo, a title typed whole) may be longer than a disk
    allows: its stem is cut, at a character, so that the name fits; the extension stays."""

    def get_valid_name(self, name: str) -> str:
        name = super().get_valid_name(name)
        path = PurePath(name)
        suffix = path.suffix.encode()[:20]
        stem = path.stem.encode()[: NAME_BYTES - len(suffix)]
        return (stem.decode(errors="ignore") or "fichier") + suffix.decode(errors="ignore")
