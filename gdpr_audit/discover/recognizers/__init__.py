"""Custom Presidio recognizers, per language/country, registered in :mod:`.registry`.

Python classes for recognizers that validate (checksums, dates, gazetteers,
"about the data subject" rules); YAML (``patterns.yaml``) for pure pattern ones.
"""
