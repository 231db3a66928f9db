"""Static files in production: hashed names, compressed once (whitenoise)."""

from collections.abc import Iterable, Iterator

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CompressedOnceStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's storage, compressing only what an earlier `collectstatic` has not.

    A hashed name stands for its content, so a compressed copy already beside it is up to date;
    whitenoise would compress every file again (about 30 s of CPU for the admin's and the API
    docs' scripts) at each start of `ndrc serve`, which runs `collectstatic`.
    """

    def compress_files(self, paths: Iterable[str]) -> Iterator[tuple[str, str]]:
        fresh = [path for path in paths if not self.exists(f"{path}.gz")]
        return super().compress_files(fresh)
