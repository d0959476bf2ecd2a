"""Infrastructure the adapters share: SQLite files, retry policy, Google Cloud credentials."""
