"""Chinese text handling in one place: script, width, numerals, segmentation, reading a question."""
