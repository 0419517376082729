"""`python -m desk_app` is the same as the `desk-app` command."""

import sys

from desk_app.cli import main

sys.exit(main())
