"""Tables of the content slice (only this slice imports them)."""
