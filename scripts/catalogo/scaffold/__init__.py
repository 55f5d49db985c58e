"""`catalogo new`: the first version of a dataset, a party, a story or a tool, written for a person
to complete, from the spreadsheets institutions actually have."""
