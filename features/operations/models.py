"""The operations slice has no tables of its own: it reads the frame's (app/operations.py,
app/mail.py, app/audit.py)."""
