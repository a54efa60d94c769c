"""lagebild: an offline workbench for checking news reports and sharing what was verified."""

__version__ = "0.1.0"
