"""The one error root of `kg`: the library raises these, the CLI turns them into messages and exit codes."""
from __future__ import annotations


class KgError(Exception):
    """Base of every error `kg` raises on purpose."""


class InputError(KgError):
    """A page that cannot be read or holds no article.

    Carries where (path, and line for JSONL input) and a hint on what to do.
    """

    def __init__(self, path: str, reason: str, line: int | None = None, hint: str | None = None):
        self.path = path
        self.reason = reason
        self.line = line
        self.hint = hint
        where = f"{path}:{line}" if line is not None else path
        msg = f"{where}: {reason}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)

    def __reduce__(self):
        # pickle rebuilds an exception as cls(*self.args), and args holds only the message;
        # rebuild from the fields instead (errors cross process boundaries with --n-process).
        return type(self), (self.path, self.reason, self.line, self.hint)


class ModelError(KgError):
    """The shipped pipeline is missing or cannot be loaded."""


class GraphStoreError(KgError):
    """Neo4j could not be reached, refused the credentials, or failed a write."""


class OutputError(KgError):
    """An output location cannot be written (exists without --force, not writable)."""
