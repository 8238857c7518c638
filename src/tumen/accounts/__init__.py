"""Users, roles, passwords, sessions, CSRF, API tokens, TOTP and login throttling."""
