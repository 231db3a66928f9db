"""The shared interface toolbox: what any app's pages use (form helpers and widgets, the login
and its rate limit, middleware, the audit history partial). It imports no domain app."""
