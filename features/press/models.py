"""Tables of the press slice (only this slice imports them)."""
