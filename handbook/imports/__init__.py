"""`handbook import`: roles from an HR export (CSV or Excel), one role per row.

- `table` reads the file into rows of text, each cell named as a spreadsheet names it;
- `columns` says which column holds which field (the site's roles.csv headers, or --map);
- `plan` turns the rows into the files to write, or into every problem with its fix;
- `yamledit` changes values inside a role file and keeps every other byte;
- `commit` writes the files all or nothing.
"""
