"""Printed documents: ReportLab PDFs in the bundled Vietnamese font; plain data in, bytes out."""
