from desktop.registry_service.cli import main

raise SystemExit(main())
