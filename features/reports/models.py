"""Tables of the reports slice (only this slice imports them)."""
