"""ndrc: runs a BTS NDRC section, from admission to the diploma."""

__version__ = "0.1.0"
