"""PyInstaller entry point: the same as the `gongwen` console script."""

import sys

from gongwen.cli import main

if __name__ == "__main__":
    sys.exit(main())
