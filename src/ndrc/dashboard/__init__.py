"""The pages that gather many apps: the home page, each role's dashboard, the search."""
