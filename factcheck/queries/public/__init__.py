"""The reader site's reads: only what was published, from each claim's frozen publication.

A claim is public while its latest publication is not unpublished; that publication's `content`
(frozen when published) is all readers see of its check, a withdrawal shown as withdrawn with
its note. Of a speech with a public check, readers also see its transcript, media address and
language (what was said, not the desk's work), read from the speech itself. Nothing here reads
verdicts, sources, notes, workflow or the audit log: a leak cannot come from a join gone wrong.
Staff names are left out when the settings hide them.
"""
