"""desk-app: the counter application of a Vietnamese one-stop public-service desk."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("desk-app")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
