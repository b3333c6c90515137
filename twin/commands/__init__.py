"""Sub-commands of the gigatwin CLI, one module each; each defines ``register(app)``."""
