"""reportbot: answers staff questions about a report, with the exact figure and paragraph."""

__version__ = "0.1.0"
