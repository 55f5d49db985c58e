"""Shared by every stage (core): the typed records (model), the configuration, vocabularies, paths
and site URLs, file and YAML reading, problems, the cache, and small helpers with no stage of their
own."""
