"""lines package."""

__all__: list[str] = []
