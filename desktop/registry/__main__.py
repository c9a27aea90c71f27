from desktop.registry.admin import main

raise SystemExit(main())
