"""Fixtures that start printlink's real parts and their real peers for the integration
tests and scripts/run-local.sh: a private cupsd, a private system-type dbus-daemon with the
shipped policy, nginx serving a firmware repository made by printlink-fwrepo,
printlink-cloud on a temporary SQLite file, printlinkd, and the installer runner that does
what printlink-install.path does under systemd."""
