"""Tables of the inquiries slice (only this slice imports them)."""
