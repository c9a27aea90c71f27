"""`python -m cardreader` is `eid-card`."""

from cardreader.cli import main

raise SystemExit(main())
