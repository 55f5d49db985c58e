"""Stage 4, render: the catalogue's pages from the Jinja2 templates in build/templates/, in Spanish and
English, with what they show already translated and formatted; the machine-readable outputs are
export/, which the pages embed (schema.org JSON-LD)."""
