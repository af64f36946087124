"""Records: the record and its seal and signatures, the store (revisions, encryption),
the checklist session that owns every change, the meeting and responses."""
