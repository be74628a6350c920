"""Where things live and how they are kept: paths, workspace, progress database, writes, YAML, safe text.

The progress database (progress.py), atomic writes (atomic.py), YAML with line numbers, the gate every deck
passes (yamlfile.py), and untrusted text made safe to show (safe_text.py).
"""
