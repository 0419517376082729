"""Reading files an office brings in (catalogue, dossier lists): rows, located problems, schemas.

No Qt, no database, no services: the sync layer and the services both build on this.
"""
