"""The PySide6 counter window: thin widgets that call `desk_app.services` and show the results.

Layouts come from Qt Designer files in ``ui/`` compiled into `desk_app.gui.forms`; every Qt name
is imported through `desk_app.gui.qt`. Nothing here touches the database.
"""
