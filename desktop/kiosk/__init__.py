"""Kiosk mode: the wizard on an unattended, locked-down terminal (see docs/ARCHITECTURE.md)."""
