"""What a question asks: cues, the dialogue state, follow-ups, the learned second opinion."""
