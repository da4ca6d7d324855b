"""Importers: one module per source format, each turning files into validated store rows."""
