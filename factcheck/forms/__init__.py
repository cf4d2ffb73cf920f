"""WTForms, one module per audience: input validation only (services re-check every rule).

`base` holds the form every other derives from and the shared fields and validators.
"""
