"""Support code for the tests: a local Bot API server as strict as Telegram."""
