// Machine-readable output formats.
