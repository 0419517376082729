"""Pure domain rules: calendar, deadlines, codes, lifecycle, ID cards, text. No I/O, no Qt, no SQL."""
