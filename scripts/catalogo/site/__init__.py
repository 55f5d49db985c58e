"""Stage 5, site: mkdocs-material for the guides, Pagefind over the pages, the swap into the output
folder, and serving the result locally."""
