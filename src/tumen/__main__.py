"""Run the command line with `python -m tumen` (through the launcher, like the script)."""

from tumen.launch import main

main()
