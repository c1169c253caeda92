"""runlift: strength training that fits a runner's season."""

__version__ = "0.1.0"
