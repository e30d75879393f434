"""timeline: compile YAML files about people and organizations into a cross-linked MkDocs site."""

__version__ = "0.1.0"
