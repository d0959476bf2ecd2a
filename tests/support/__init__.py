"""Helpers the tests share: records, notices, races, tokens. Tests import these, never each
other's modules."""
