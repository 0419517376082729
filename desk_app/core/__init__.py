"""Pure domain rules: calendar, deadlines, codes, lifecycle, ID cards, text.

No I/O, no Qt, no SQL: everything here is tested without a database or a window.
"""
