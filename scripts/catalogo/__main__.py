"""`python -m catalogo`: the same as the `catalogo` command."""

from .cli import main

main()
