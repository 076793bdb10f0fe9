"""RELAX NG in Python: read a grammar (simplify.py), match documents by derivatives (derive.py, walk.py), locate faults (locate.py)."""
