"""Tables of the faq slice (only this slice imports them)."""
