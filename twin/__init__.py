"""GigaTwin discrete-event engine."""
