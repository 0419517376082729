"""desk-app: the counter application of a Vietnamese one-stop public-service desk."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``desk_app.__version__``, read from the installed metadata only when asked for:
    importlib.metadata costs ~40 ms, which every start of the counter window would pay."""
    if name != "__version__":
        raise AttributeError(f"module 'desk_app' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("desk-app")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+source"
