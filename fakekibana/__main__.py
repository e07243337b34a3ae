"""python -m fakekibana: the same as the fakekibana command."""

import sys

from fakekibana.cli import main

sys.exit(main())
