//! Finding and removing identifying metadata from attachments. Being built.
