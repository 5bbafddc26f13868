"""Reader-facing rendering: notes, the in-article corrections section, the log and the front page."""
