"""Composing answers: one kind of answer per entry of ANSWER_KINDS, phrasing, the optional LLM, eligibility."""
