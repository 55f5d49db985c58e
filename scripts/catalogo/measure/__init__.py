"""Every figure the policy asks for, computed for stage 3 (enrich): timeliness, quality, opening-plan
status, priorities and the indicators. Here "last updated" is computed; render/ shows it."""
