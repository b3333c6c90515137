"""parts_catalog package."""

__all__: list[str] = []
