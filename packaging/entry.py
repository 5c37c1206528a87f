"""PyInstaller entry point: the same as the `gongwen` console script.

``freeze_support()`` first: on Windows the reviewer's desk starts its audit processes by
running this executable again, and they must become workers, not a second app."""

import multiprocessing
import sys

from gongwen.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
