"""ml package."""

__all__: list[str] = []
