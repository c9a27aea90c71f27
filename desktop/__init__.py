"""The Ügyfélkapu registration application: config, registry backend, wizard and kiosk."""
