"""saq task functions. Each one calls a service; none holds rules of its own."""
