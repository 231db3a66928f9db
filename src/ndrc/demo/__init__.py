"""The demo population of `ndrc demo`, shared by the tests: each app builds its own part
(`<app>/demo.py`); this app, at the top of the house, calls them in order."""
