"""Views of the learner's journey, one module per audience; they parse input, call one service or selector, render."""
