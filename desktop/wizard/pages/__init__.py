"""The wizard's screens, one module each (0 Start .. 8 Done, and Sign-in)."""
