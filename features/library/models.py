"""Tables of the library slice (only this slice imports them)."""
