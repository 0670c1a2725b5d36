"""The contact form keeps no table of its own: every submission is a case of the inquiries desk
(features/inquiries, which took over the `inquiry` table in migration 0030)."""
