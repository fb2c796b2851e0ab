"""skms: a Service Knowledge Management System generated from markdown kept in git."""

__version__ = "0.1.0"
