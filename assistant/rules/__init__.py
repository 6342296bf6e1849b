"""Understanding rules as reviewed data: one YAML cue book a file, read by ``assistant.cues``."""
