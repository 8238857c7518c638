"""Run the command line with `python -m tumen`, like the `tumen` script."""

from tumen.cli import main

main()
