"""Stage 6, publish: a built site copied to its host, an S3-compatible bucket or a folder, uploading
only what changed and deleting what is gone only once everything new is in place."""
