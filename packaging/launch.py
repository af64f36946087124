"""The frozen app's entry point: the same as the installed `cspr-desktop` command."""

import sys

from cspr_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
