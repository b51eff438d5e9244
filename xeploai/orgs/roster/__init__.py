"""Import of the organisation tree and the roster from the workbooks committees keep (.xlsx, .csv).

Pure parts (``files`` reads a file into rows, ``columns`` recognises headers, ``values`` parses one cell, ``plan``
compares the rows with what the database holds) and ``services``, which reads the database and writes a plan in one
transaction. The browser pages and ``manage.py import_members`` call the same services.
"""
