"""Business rules. Plain functions over a store transaction: no Flask, no HTTP, no adapter."""
