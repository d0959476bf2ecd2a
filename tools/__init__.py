"""Development and test tools: emulators, localstripe, the local Google Cloud stack, servers and
processes for tests and benchmarks, Lighthouse. Nothing here ships (deploy/ is what does)."""
