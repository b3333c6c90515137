"""Errors raised for catalogs that cannot be read or contradict themselves."""


class CatalogError(ValueError):
    """A catalog file that cannot be read, or whose contents contradict each other."""
