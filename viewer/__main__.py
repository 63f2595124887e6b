"""``python -m viewer`` runs the same command line as ``archive-viewer``."""

import sys

from viewer.cli import main

# The guard matters: the index build starts worker processes with 'spawn', which import
# this module again in each child.
if __name__ == "__main__":
    sys.exit(main())
