"""`python -m catalogo`: the same as the `catalogo` command."""

from .cli.main import main

main()
