"""Allow `python -m teikit`."""

from .cli import main

main()
