"""The `catalogo` command, one module per command group: parsing arguments and printing only;
the work is done by the stages below (load, checks, enrich, render, site, importers, scaffold)."""
