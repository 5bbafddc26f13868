"""`python -m corrigenda`: the editors' command line."""

import sys

from .cli import run

sys.exit(run(sys.argv[1:]))
