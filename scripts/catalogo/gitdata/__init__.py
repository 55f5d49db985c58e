"""What git says about the catalogue (read by stage 3, enrich): one pass of `git log` turned into
each record's history and the timeline of its files, and what a change touched."""
