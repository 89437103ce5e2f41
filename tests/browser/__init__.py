"""Browser acceptance tests: Chromium, driven by Playwright, against the built handbook."""
