"""Placeholder replaced by its implementation."""


def main(argv: list[str]) -> int:
    raise SystemExit("not implemented yet")
