"""The one error the build's own steps raise (the MkDocs plugin reports it as a plugin error)."""


class BuildError(RuntimeError):
    """A page, a data file or a built file is not what the build expects; the message names
    it and says what was found."""
