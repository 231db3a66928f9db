"""The regulation engine: the BTS NDRC texts as data plus pure functions.

No Django, no application import here (a test checks it): web, API and command line are clients.
Every decision returns its outcome with an explanation whose steps cite their source.
"""
