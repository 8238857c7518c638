"""Run the command line with `python -m tumen`."""

from tumen.cli import main

main()
