import sys

from .cli import main

# Guarded: a spawned worker process (the reviewer's desk on Windows and macOS) imports this
# module again as __mp_main__ and must not start a second gongwen.
if __name__ == "__main__":
    sys.exit(main())
